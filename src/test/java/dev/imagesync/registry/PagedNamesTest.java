package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.FakeTransport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A listing is whole or it fails: each shape of page a cache, CDN or broken registry answers 200
 * with, on the first page and on a later one, fails naming the page; a link off this registry or
 * this list is refused; only a one-page null is an empty repository.
 */
class PagedNamesTest {

  private static final String NEXT = "</v2/ns/app/tags/list?n=2&last=b>; rel=\"next\"";

  /** Tags of ns/app in pages: page 1 is {@code first} (with a link to page 2 when {@code link}), page 2 is {@code second}. */
  private static List<String> tags(String first, String link, String second) {
    FakeTransport registry = new FakeTransport(r -> r.uri().getQuery().contains("last=")
        ? FakeTransport.withBody(r, 200, second)
        : link == null ? FakeTransport.withBody(r, 200, first) : FakeTransport.withBody(r, 200, first, "Link", link));
    RepositoryEndpoint at = new RepositoryEndpoint("r.test", "r.test", "ns/app", Access.PULL, scope -> registry, new TransferMeter(), null);
    return new TagCalls(at).list();
  }

  private static String failure(String first, String link, String second) {
    return assertThrows(RegistryException.class, () -> tags(first, link, second)).getMessage();
  }

  @Test
  void pagesFollowedWhole() {
    assertEquals(List.of("a", "b", "c"), tags("{\"name\":\"ns/app\",\"tags\":[\"a\",\"b\"]}", NEXT, "{\"name\":\"ns/app\",\"tags\":[\"c\"]}"));
    assertEquals(List.of(), tags("{\"name\":\"ns/app\",\"tags\":null}", null, ""), "one page of null: a repository without tags");
    assertEquals(List.of("a"), tags("{\"tags\":[\"a\"]}", null, ""), "no name: nothing to check");
    assertEquals(List.of("a", "b"), tags("{\"name\":\"ns/app\",\"tags\":[\"a\"]}", "<https://r.test/v2/ns/app/tags/list?last=a>; rel=\"next\"",
        "{\"name\":\"ns/app\",\"tags\":[\"b\"]}"), "an absolute link to this registry and list");
  }

  @Test
  void everyBentShapeFailsNamingThePageOnTheFirstPageAndALaterOne() {
    String good = "{\"name\":\"ns/app\",\"tags\":[\"a\",\"b\"]}";
    Map<String, String> shapes = Map.of(
        "{\"name\":\"ns/app\",\"tags\":null}", "has \"tags\": null",
        "[]", "is an array, not an object",
        "{}", "has no \"tags\"",
        "", "is empty",
        "null", "is null, not an object",
        "{\"name\":\"ns/app\",\"tags\":\"v9\"}", "has \"tags\" as the string \"v9\", not a list",
        "{\"name\":\"ns/other\",\"tags\":[\"x\"]}", "is the list of repository ns/other, not of ns/app",
        "{\"name\":\"ns/app\",\"tags\":[\"a\",7]}", "has a number among its tags",
        "{\"name\":\"ns/app\",\"tags\":[\"a\"", "is not JSON");
    shapes.forEach((bent, says) -> {
      String first = failure(bent, NEXT, good);
      assertTrue(first.contains("the tag list is not whole: page 1 (/v2/ns/app/tags/list?n=100) " + says), bent + " -> " + first);
      String later = failure(good, NEXT, bent);
      assertTrue(later.contains("the tag list is not whole: page 2 (/v2/ns/app/tags/list?n=2&last=b) " + says), bent + " -> " + later);
    });
  }

  @Test
  void aLinkOffThisRegistryOrThisListIsRefused() {
    String good = "{\"name\":\"ns/app\",\"tags\":[\"a\"]}";
    for (String link : List.of("<https://elsewhere.test/v2/ns/app/tags/list?last=a>; rel=\"next\"",
        "</v2/ns/app/sub/tags/list?last=a>; rel=\"next\"", "</v2/ns/other/tags/list?last=a>; rel=\"next\"",
        "</v2/ns/app/tags/list/more?last=a>; rel=\"next\"", "<https://r.test:8443/v2/ns/app/tags/list?last=a>; rel=\"next\"")) {
      String message = failure(good, link, good);
      assertTrue(message.contains("tag list points to another repository (page 1)"), link + " -> " + message);
    }
  }

  @Test
  void theCatalogIsHeldToTheSameRules() {
    FakeTransport registry = new FakeTransport(r -> r.uri().getQuery().contains("last=")
        ? FakeTransport.withBody(r, 200, "{}")
        : FakeTransport.withBody(r, 200, "{\"repositories\":[\"team/a\"]}", "Link", "</v2/_catalog?last=team/a&n=1>; rel=\"next\""));
    RepositoryEndpoint at = new RepositoryEndpoint("r.test", "r.test", "_catalog", Access.CATALOG, scope -> registry, new TransferMeter(), null);
    String message = assertThrows(RegistryException.class, () -> new CatalogCalls(at).list()).getMessage();
    assertTrue(message.contains("the catalog is not whole: page 2 (/v2/_catalog?last=team/a&n=1) has no \"repositories\""), message);
  }
}
