package dev.imagesync.registry;

import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.image.Digest;
import dev.imagesync.image.InvalidManifestException;
import dev.imagesync.image.Manifest;
import dev.imagesync.image.MediaTypes;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code /v2/NAME/referrers/DIGEST} (OCI distribution 1.1): the manifests whose {@code subject} is
 * a digest, as one index, every page followed. A registry without the API answers 404 (the spec
 * forbids a 404 from one that has it), which is an answer here, not an error: the caller falls
 * back to the referrers tag schema.
 */
final class ReferrerCalls {

  private static final int MAX_PAGES = 100;
  private static final int MAX_PAGE_BYTES = 4 << 20;

  private final RepositoryEndpoint at;

  ReferrerCalls(RepositoryEndpoint at) {
    this.at = at;
  }

  /**
   * The referrers of {@code subject}, or empty when the registry has no referrers API. With one
   * {@code artifactType} the registry is asked to filter; callers filter again (filtering is
   * optional for a registry, and it says so in {@code OCI-Filters-Applied}).
   */
  Optional<Manifest> list(Digest subject, Optional<String> artifactType) {
    String action = "list referrers of " + subject.shortHex();
    String next = "/referrers/" + subject + artifactType.map(t -> "?artifactType=" + URLEncoder.encode(t, StandardCharsets.UTF_8)).orElse("");
    Manifest all = null;
    for (int page = 0; next != null; page++) {
      if (page == MAX_PAGES) {
        throw new RegistryException(RegistryException.Kind.OTHER, at.registry + "/" + at.repository + ": more than " + MAX_PAGES + " pages of referrers");
      }
      Response response = at.send(Request.of("GET", at.api(next)).withHeader("Accept", MediaTypes.OCI_INDEX), action);
      if (page == 0 && (response.status() == 404 || response.status() == 405)) {
        response.discard();
        return Optional.empty();
      }
      at.errors.expect(response, action, 200);
      Manifest pageIndex;
      try {
        pageIndex = Manifest.of(response.readAll(MAX_PAGE_BYTES, "a page of referrers"), MediaTypes.OCI_INDEX);
      } catch (IOException e) {
        throw at.errors.network(action, e);
      } catch (InvalidManifestException e) {
        throw new RegistryException(RegistryException.Kind.UNSUPPORTED, at.registry + "/" + at.repository + ": the referrers of " + subject + " are not an index: " + e.getMessage());
      }
      if (!pageIndex.isIndex()) {
        throw new RegistryException(RegistryException.Kind.UNSUPPORTED, at.registry + "/" + at.repository + ": the referrers of " + subject + " are not an index");
      }
      all = all == null ? pageIndex : all.withEntriesAdded(pageIndex);
      next = at.nextPage(response.headers().all("Link"), "/referrers/", true, "referrers list points elsewhere");
    }
    return Optional.of(all);
  }
}
