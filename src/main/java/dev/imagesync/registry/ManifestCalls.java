package dev.imagesync.registry;

import dev.imagesync.http.Body;
import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.image.Digest;
import dev.imagesync.image.InvalidManifestException;
import dev.imagesync.image.Manifest;
import dev.imagesync.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** {@code /v2/NAME/manifests/REFERENCE}: HEAD, GET and PUT, manifests as raw bytes. */
final class ManifestCalls {

  /** Distribution refuses manifests above 4 MiB; anything larger is not a manifest. */
  private static final int MAX_MANIFEST_BYTES = 4 << 20;

  private final RepositoryEndpoint at;

  ManifestCalls(RepositoryEndpoint at) {
    this.at = at;
  }

  Optional<ManifestHead> head(String reference) {
    String action = "check manifest " + reference;
    Response response = at.send(Request.of("HEAD", at.api("/manifests/" + reference)).withHeader("Accept", MediaTypes.ACCEPT_HEADER), action);
    if (response.status() == 404) {
      response.discard();
      return Optional.empty();
    }
    if (response.status() != 200 && at.access == Access.PUSH) {
      RegistryException e = at.errors.failure(response, action, response.text());
      if (e.kind() == RegistryException.Kind.NOT_GRANTED) {
        // A destination whose project is not made yet (Harbor grants nothing there): nothing can
        // be in it; made before the push (--create-repositories), or the push says what refuses.
        return Optional.empty();
      }
      throw e;
    }
    at.errors.expect(response, action, 200);
    response.discard();
    Optional<String> digest = response.headers().first("Docker-Content-Digest").map(String::trim);
    if (digest.isEmpty() || !Digest.isDigest(digest.get())) {
      // Some registries omit the digest on HEAD; the body is the only source of truth then.
      return get(reference).map(m -> new ManifestHead(m.digest(), m.mediaType(), m.size()));
    }
    return Optional.of(new ManifestHead(Digest.parse(digest.get()),
        response.headers().first("Content-Type").orElse(""), response.headers().firstAsLong("Content-Length", -1)));
  }

  Optional<Manifest> get(String reference) {
    String action = "read manifest " + reference;
    Response response = at.send(Request.of("GET", at.api("/manifests/" + reference)).withHeader("Accept", MediaTypes.ACCEPT_HEADER), action);
    if (response.status() == 404) {
      response.discard();
      return Optional.empty();
    }
    at.errors.expect(response, action, 200);
    byte[] bytes;
    try {
      bytes = response.readAll(MAX_MANIFEST_BYTES, "the manifest");
    } catch (dev.imagesync.http.BodyTooLarge e) {
      throw new RegistryException(RegistryException.Kind.UNSUPPORTED, at.where(reference) + ": manifest larger than 4 MiB");
    } catch (IOException e) {
      throw at.errors.network(action, e);
    }
    Manifest manifest;
    try {
      manifest = Manifest.of(bytes, response.headers().first("Content-Type").orElse(null));
    } catch (InvalidManifestException e) {
      throw new RegistryException(RegistryException.Kind.UNSUPPORTED, at.where(reference) + ": " + e.getMessage());
    }
    if (Digest.isDigest(reference) && !Digest.parse(reference).matches(bytes)) {
      throw new RegistryException(RegistryException.Kind.OTHER,
          at.where(reference) + ": the registry served bytes whose digest is " + manifest.digest());
    }
    return Optional.of(manifest);
  }

  /** Whether {@code reference} resolves to exactly {@code manifest} (a HEAD). */
  private boolean holds(String reference, Manifest manifest) {
    Response head = at.send(Request.of("HEAD", at.api("/manifests/" + reference)).withHeader("Accept", manifest.mediaType()), "check manifest " + reference);
    head.discard();
    return head.status() == 200 && head.headers().first("Docker-Content-Digest").map(String::trim).filter(manifest.digest().toString()::equals).isPresent();
  }

  /**
   * {@code DELETE /v2/NAME/manifests/REFERENCE}. A registry that cannot delete a tag alone
   * (distribution 2.x: 400 DIGEST_INVALID for a tag; others 400/405 UNSUPPORTED) answers false;
   * one that refuses deletes altogether (405 for a digest: storage.delete disabled) fails with its
   * own words.
   */
  boolean delete(String reference) {
    String action = "delete " + reference;
    // Token services grant deleting on its own action (distribution's token specification).
    Response response = at.send("repository:" + at.repository + ":delete", Request.of("DELETE", at.api("/manifests/" + reference)), action);
    if (response.status() == 202 || response.status() == 200 || response.status() == 204) {
      response.discard();
      return true;
    }
    if (response.status() == 404) {
      response.discard();
      return true; // gone already (another run, or by hand): what was wanted
    }
    String body = response.text();
    // Distribution 2.x reads the reference as a digest and answers DIGEST_INVALID; others say UNSUPPORTED.
    if (!Digest.isDigest(reference) && (response.status() == 400 || response.status() == 405)
        && (body.contains("UNSUPPORTED") || body.contains("DIGEST_INVALID"))) {
      return false;
    }
    throw at.errors.failure(response, action, body);
  }

  void put(String reference, Manifest manifest) {
    String action = "write manifest " + reference;
    Request request = Request.of("PUT", at.api("/manifests/" + reference))
        .withHeader("Content-Type", manifest.mediaType())
        .withBody(Body.of(manifest.bytes()));
    Response response = at.send(request, action);
    if (response.status() == 400) {
      String body = response.text();
      if (body.contains("MANIFEST_BLOB_UNKNOWN") || body.contains("\"BLOB_UNKNOWN\"")) {
        // Everything it references was written or found before this PUT: the registry has not
        // caught up (eventually consistent storage) or another writer of the same content is
        // rewriting it (two runs at once). If the reference already holds exactly this manifest,
        // it is done; otherwise it is worth another try.
        if (holds(reference, manifest)) {
          return;
        }
        throw RegistryException.transientFailure(RegistryException.Kind.OTHER, at.where(reference) + ": " + action
            + " failed: the registry does not see what the manifest references yet (" + ErrorBodies.describe(400, body) + ")", null, null);
      }
      throw at.errors.pushRefused(at.errors.failure(response, action, body), ErrorBodies.describe(400, body));
    }
    at.errors.expectPushed(response, action, 201, 200);
    response.discard();
    Optional<String> stored = response.headers().first("Docker-Content-Digest").map(String::trim);
    if (stored.isPresent() && !stored.get().equals(manifest.digest().toString())) {
      throw new RegistryException(RegistryException.Kind.OTHER,
          at.where(reference) + ": the registry stored the manifest as " + stored.get() + ", not " + manifest.digest());
    }
  }
}
