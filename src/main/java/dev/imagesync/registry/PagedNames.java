package dev.imagesync.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A list of names the registry API serves page by page — the tags of a repository, the
 * repositories of a registry — following the {@code Link} of each page, whole or not at all.
 *
 * <p>What is listed decides what a prune deletes, so a page that is not plainly a page of this
 * list fails the listing instead of ending it: every page must be a JSON object whose names field
 * is an array of strings ({@code null} only as the one page of an empty list), whose {@code name}
 * (when the list has one) is the repository asked for, and whose next {@code Link} stays on this
 * registry and this list. Caches, CDNs and broken registries answer 200 with {@code {}}, an empty
 * body, {@code null} or another repository's list; each of those taken as the end of the list
 * would have a prune delete what the missing pages held. Pages and their size are bounded too (a
 * loop of links cannot hold a run forever).
 */
final class PagedNames {

  /**
   * What to ask for and how its failures read: the first page's path (after /v2/NAME) and the path
   * every next page's must have ({@code /tags/list}; empty for the catalog); the JSON field holding
   * the names; whether a page carries the repository's {@code name}; the action, what the pages
   * count ({@code tags}) and what the list is called ({@code tag list}) in messages.
   */
  record Listing(String firstPage, String listPath, String field, boolean named, String action, String counted, String noun, int maxPages,
      int maxPageBytes, String elsewhere, Function<Response, RegistryException> refusal) {}

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
      String asked = "/v2/" + at.repository + next;
      Response response = at.send(Request.of("GET", at.api(next)).withHeader("Accept", "application/json"), listing.action());
      RegistryException refused = listing.refusal().apply(response);
      if (refused != null) {
        throw refused;
      }
      at.errors.expect(response, listing.action(), 200);
      JsonNode body;
      try {
        byte[] bytes = response.readAll(listing.maxPageBytes(), "a page of the " + listing.noun());
        body = bytes.length == 0 ? null : dev.imagesync.image.Json.mapper().readTree(bytes);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw bad(where, listing, page, asked, "is not JSON");
      } catch (IOException e) {
        throw at.errors.network(listing.action(), e);
      }
      String following = at.nextPage(response.headers().all("Link"), listing.listPath(), false, listing.elsewhere() + " (page " + (page + 1) + ")");
      names.addAll(namesOf(body, at.repository, listing, where, page, asked, following == null));
      next = following;
    }
    return names;
  }

  /** The names of one page, or why the page is not a page of this list. */
  private static List<String> namesOf(JsonNode body, String repository, Listing listing, String where, int page, String asked, boolean last) {
    if (body == null || body.isMissingNode()) {
      throw bad(where, listing, page, asked, "is empty");
    }
    if (!body.isObject()) {
      throw bad(where, listing, page, asked, "is " + kind(body) + ", not an object");
    }
    if (listing.named() && body.has("name") && !body.get("name").asText().equals(repository)) {
      throw bad(where, listing, page, asked, "is the list of " + (body.get("name").isTextual() ? "repository " + body.get("name").asText()
          : kind(body.get("name"))) + ", not of " + repository);
    }
    JsonNode field = body.get(listing.field());
    if (field == null) {
      throw bad(where, listing, page, asked, "has no \"" + listing.field() + "\"");
    }
    if (field.isNull()) {
      if (page == 0 && last) {
        return List.of(); // how distribution answers for a repository without tags
      }
      throw bad(where, listing, page, asked, "has \"" + listing.field() + "\": null" + (last ? " after " + page + " page" + (page == 1 ? "" : "s")
          : " and a next page"));
    }
    if (!field.isArray()) {
      throw bad(where, listing, page, asked, "has \"" + listing.field() + "\" as " + kind(field) + ", not a list");
    }
    List<String> names = new ArrayList<>(field.size());
    for (JsonNode name : field) {
      if (!name.isTextual() || name.asText().isEmpty()) {
        throw bad(where, listing, page, asked, "has " + kind(name) + " among its " + listing.counted());
      }
      names.add(name.asText());
    }
    return names;
  }

  private static RegistryException bad(String where, Listing listing, int page, String asked, String what) {
    return new RegistryException(RegistryException.Kind.OTHER, where + ": the " + listing.noun() + " is not whole: page " + (page + 1) + " ("
        + asked + ") " + what);
  }

  private static String kind(JsonNode node) {
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      String text = node.asText();
      return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
    }
    return node.isArray() ? "an array" : node.isObject() ? "an object" : node.isNumber() ? "a number" : node.isBoolean() ? "a boolean" : "something else";
  }
}
