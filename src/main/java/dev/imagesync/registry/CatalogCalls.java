package dev.imagesync.registry;

import dev.imagesync.http.Response;
import java.util.List;

/**
 * {@code /v2/_catalog}: the repositories of a registry, following its pages ({@code n}, {@code
 * Link}). Docker Hub and GHCR have none for their users: that is one line saying so, not a
 * failure of a request to retry.
 */
final class CatalogCalls {

  /** Repositories per page asked for (distribution answers at most 1000; tests ask for fewer, to page). */
  static final int PAGE = Integer.getInteger("imagesync.catalog.page", 1000);
  /** A bound on pages: a registry answering with a loop of links cannot hold a run forever. */
  private static final int MAX_PAGES = 10_000;
  private static final int MAX_PAGE_BYTES = 16 << 20;

  private final RepositoryEndpoint at;

  /** {@code at}: the registry's endpoint with {@code _catalog} as its "repository" ({@code /v2/_catalog}). */
  CatalogCalls(RepositoryEndpoint at) {
    this.at = at;
  }

  List<String> list() {
    return PagedNames.read(at, new PagedNames.Listing("?n=" + PAGE, "", "repositories", false, "list repositories", "repositories", "catalog", MAX_PAGES,
        MAX_PAGE_BYTES, "catalog points elsewhere", this::noCatalog), at.registry);
  }

  /** Docker Hub and GHCR list nothing to their users: one line saying so, not a request to retry. */
  private RegistryException noCatalog(Response response) {
    int status = response.status();
    if (status != 404 && status != 401 && status != 403 && status != 405) {
      return null;
    }
    return new RegistryException(RegistryException.Kind.NOT_FOUND, at.registry + " does not list its repositories (/v2/_catalog: "
        + ErrorBodies.describe(status, response.text()) + "); name them one by one (Docker Hub and GHCR have no catalog)");
  }
}
