package dev.imagesync.registry;

import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A list of names the registry API serves page by page — the tags of a repository, the
 * repositories of a registry — following the {@code Link} of each page, with a bound on pages
 * (a registry answering with a loop of links cannot hold a run forever) and on a page's size.
 */
final class PagedNames {

  /**
   * What to ask for and how its failures read: the first page's path (after /v2/NAME) and the
   * prefix every next page's must have; the JSON field holding the names; the action, what the
   * pages count ({@code tags}) and what the list is called ({@code tag list}) in messages.
   */
  record Listing(String firstPage, String under, String field, String action, String counted, String noun, int maxPages, int maxPageBytes,
      String elsewhere, Function<Response, RegistryException> refusal) {}

  private PagedNames() {}

  /**
   * Every name of {@code listing} at {@code at}. {@code refusal} turns an answer that means "no
   * such list here" into its exception (null for any other answer).
   */
  static List<String> read(RepositoryEndpoint at, Listing listing, String where) {
    List<String> names = new ArrayList<>();
    String next = listing.firstPage();
    for (int page = 0; next != null; page++) {
      if (page == listing.maxPages()) {
        throw new RegistryException(RegistryException.Kind.OTHER, where + ": more than " + listing.maxPages() + " pages of " + listing.counted());
      }
      Response response = at.send(Request.of("GET", at.api(next)).withHeader("Accept", "application/json"), listing.action());
      RegistryException refused = listing.refusal().apply(response);
      if (refused != null) {
        throw refused;
      }
      at.errors.expect(response, listing.action(), 200);
      try {
        dev.imagesync.image.Json.mapper().readTree(response.readAll(listing.maxPageBytes(), "a page of the " + listing.noun()))
            .path(listing.field()).forEach(t -> names.add(t.asText()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new RegistryException(RegistryException.Kind.OTHER, where + ": the " + listing.noun() + " is not JSON");
      } catch (IOException e) {
        throw at.errors.network(listing.action(), e);
      }
      next = at.nextPage(response.headers().all("Link"), listing.under(), listing.elsewhere());
    }
    return names;
  }
}
