package dev.imagesync.registry;

import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** {@code /v2/NAME/tags/list}, following the registry's pages (Link headers). */
final class TagCalls {

  /** A bound on pages, so that a registry answering with a loop of links cannot hold a run forever. */
  private static final int MAX_TAG_PAGES = 1000;
  /** A page of 100 tags (the page size asked for) is a few KiB; a registry that ignores n= may send all. */
  private static final int MAX_PAGE_BYTES = 4 << 20;

  private final RepositoryEndpoint at;

  TagCalls(RepositoryEndpoint at) {
    this.at = at;
  }

  List<String> list() {
    List<String> tags = new ArrayList<>();
    // 100 per page: what Docker Hub and most registries accept; larger repositories paginate.
    String next = "/tags/list?n=100";
    for (int page = 0; next != null; page++) {
      if (page == MAX_TAG_PAGES) {
        throw new RegistryException(RegistryException.Kind.OTHER, at.registry + "/" + at.repository + ": more than " + MAX_TAG_PAGES + " pages of tags");
      }
      Response response = at.send(Request.of("GET", at.api(next)).withHeader("Accept", "application/json"), "list tags");
      if (response.status() == 404) {
        String detail = ErrorBodies.describe(404, response.text());
        throw new RegistryException(RegistryException.Kind.NOT_FOUND, "repository " + at.registry + "/" + at.repository + " not found (" + detail + ")");
      }
      at.errors.expect(response, "list tags", 200);
      try {
        dev.imagesync.image.Json.mapper().readTree(response.readAll(MAX_PAGE_BYTES, "a page of the tag list")).path("tags").forEach(t -> tags.add(t.asText()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new RegistryException(RegistryException.Kind.OTHER, at.registry + "/" + at.repository + ": the tag list is not JSON");
      } catch (IOException e) {
        throw at.errors.network("list tags", e);
      }
      next = at.nextPage(response.headers().all("Link"), "/", "tag list points to another repository");
    }
    return tags;
  }
}
