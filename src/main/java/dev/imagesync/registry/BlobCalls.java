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
  /** How a blob read that breaks is taken up again (see {@link ResumingRead}). */
  private final Retrying.Policy resumes;

  BlobCalls(RepositoryEndpoint at, Retrying.Policy resumes) {
    this.at = at;
    this.resumes = resumes;
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
    if (e.kind() == RegistryException.Kind.DENIED || (e.kind() == RegistryException.Kind.NOT_GRANTED && at.access == Access.PUSH)) {
      // ACR answers a blob HEAD in a repository that has never been pushed with DENIED (Harbor
      // a repository in a project not made yet with a token granting nothing); the upload that
      // follows either works or fails with the real reason.
      LOG.debug("{}: {}; treated as absent", at.where(digest.toString()), e.getMessage());
      return false;
    }
    throw e;
  }

  /**
   * A lazy stream: nothing is fetched until it is opened; a read that breaks goes on from the byte
   * reached ({@link ResumingRead}); read failures blame this (the source) registry.
   */
  BlobContent content(Digest digest) {
    String action = "read blob " + digest.shortHex();
    return () -> {
      Response response = get(digest, action, -1);
      return new SourceStream(new ResumingRead(response, from -> get(digest, action, from), resumes, at.where(digest.toString())), action);
    };
  }

  /** The blob GET, from byte {@code from} when that is 0 or more: its answer, 200 (or 206 for a range). */
  private Response get(Digest digest, String action, long from) throws RegistryException.Carrier {
    Request get = Request.of("GET", at.api("/blobs/" + digest));
    Response response;
    try {
      response = at.send(from < 0 ? get : get.withHeader("Range", "bytes=" + from + "-"), action);
    } catch (RegistryException e) {
      throw new RegistryException.Carrier(e);
    }
    if (response.status() != 200 && !(from >= 0 && response.status() == 206)) {
      throw new RegistryException.Carrier(at.errors.failure(response, action, response.text()));
    }
    return response;
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
