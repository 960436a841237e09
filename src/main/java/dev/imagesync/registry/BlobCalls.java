package dev.imagesync.registry;

import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.image.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /v2/NAME/blobs/DIGEST}: HEAD, GET (a stream), and cross-repository mounts. */
final class BlobCalls {

  private static final Logger LOG = LoggerFactory.getLogger(BlobCalls.class);

  private final RepositoryEndpoint at;

  BlobCalls(RepositoryEndpoint at) {
    this.at = at;
  }

  boolean exists(Digest digest) {
    String action = "check blob " + digest.shortHex();
    Response response = at.send(Request.of("HEAD", at.api("/blobs/" + digest)), action);
    int status = response.status();
    if (status == 200 || status == 404) {
      response.discard();
      return status == 200;
    }
    RegistryException e = at.errors.failure(response, action, response.text());
    if (e.kind() == RegistryException.Kind.DENIED) {
      // ACR answers a blob HEAD in a repository that has never been pushed with DENIED; the
      // upload that follows either works or fails with the real reason.
      LOG.debug("{}: {}; treated as absent", at.where(digest.toString()), e.getMessage());
      return false;
    }
    throw e;
  }

  /** A lazy stream: nothing is fetched until it is opened; read failures blame this (the source) registry. */
  BlobContent content(Digest digest) {
    String action = "read blob " + digest.shortHex();
    return () -> {
      Response response;
      try {
        response = at.send(Request.of("GET", at.api("/blobs/" + digest)), action);
      } catch (RegistryException e) {
        throw new RegistryException.Carrier(e);
      }
      if (response.status() != 200) {
        throw new RegistryException.Carrier(at.errors.failure(response, action, response.text()));
      }
      return new SourceStream(response.body(), action);
    };
  }

  /**
   * POSTs a cross-repository mount: 201 when the registry mounted the blob, 202 with an upload
   * session when it declined. A mount needs pull access to the other repository as well: one
   * token for both scopes.
   */
  Response requestMount(Digest digest, String fromRepository) {
    String both = at.scope() + " repository:" + fromRepository + ":pull";
    Response response = at.send(both, Request.of("POST", at.api("/blobs/uploads/?mount=" + digest + "&from=" + fromRepository)),
        "mount blob " + digest.shortHex());
    if (response.status() != 201) {
      LOG.debug("{}: mount from {} declined with HTTP {}", at.where(digest.toString()), fromRepository, response.status());
    }
    return response;
  }

  /**
   * A source blob's body. Its read failures are carried as the source's RegistryException, so an
   * error in the middle of a copy is blamed on the right registry.
   */
  private final class SourceStream extends FilterInputStream {
    private final String action;

    SourceStream(InputStream in, String action) {
      super(in);
      this.action = action;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new RegistryException.Carrier(at.errors.network(action, e));
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new RegistryException.Carrier(at.errors.network(action, e));
      }
    }
  }
}
