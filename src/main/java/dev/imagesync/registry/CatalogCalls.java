package dev.imagesync.registry;

import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import java.io.IOException;
import java.util.ArrayList;
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
    List<String> repositories = new ArrayList<>();
    String next = "?n=" + PAGE;
    for (int page = 0; next != null; page++) {
      if (page == MAX_PAGES) {
        throw new RegistryException(RegistryException.Kind.OTHER, at.registry + ": more than " + MAX_PAGES + " pages of repositories");
      }
      Response response = at.send(Request.of("GET", at.api(next)).withHeader("Accept", "application/json"), "list repositories");
      if (response.status() == 404 || response.status() == 401 || response.status() == 403 || response.status() == 405) {
        String detail = ErrorBodies.describe(response.status(), response.text());
        throw new RegistryException(RegistryException.Kind.NOT_FOUND, at.registry + " does not list its repositories (/v2/_catalog: " + detail
            + "); name them one by one (Docker Hub and GHCR have no catalog)");
      }
      at.errors.expect(response, "list repositories", 200);
      try {
        dev.imagesync.image.Json.mapper().readTree(response.readAll(MAX_PAGE_BYTES, "a page of the catalog")).path("repositories")
            .forEach(r -> repositories.add(r.asText()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new RegistryException(RegistryException.Kind.OTHER, at.registry + ": the catalog is not JSON");
      } catch (IOException e) {
        throw at.errors.network("list repositories", e);
      }
      next = at.nextPage(response.headers().all("Link"), "", "catalog points elsewhere");
    }
    return repositories;
  }
}
