package dev.imagesync.registry;

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
    // 100 per page: what Docker Hub and most registries accept; larger repositories paginate.
    return PagedNames.read(at, new PagedNames.Listing("/tags/list?n=100", "/tags/list", "tags", true, RegistryErrors.LIST_TAGS, "tags", "tag list", MAX_TAG_PAGES, MAX_PAGE_BYTES,
        "tag list points to another repository", response -> response.status() != 404 ? null
            : new RegistryException(RegistryException.Kind.NOT_FOUND, "repository " + at.registry + "/" + at.repository + " not found ("
                + ErrorBodies.describe(404, response.text()) + ")")), at.registry + "/" + at.repository);
  }
}
