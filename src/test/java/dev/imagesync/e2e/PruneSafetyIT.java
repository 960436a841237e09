package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestProxy;
import dev.imagesync.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prune never deletes what the source still has: against a proxy that bends the source's tag
 * list and catalog as caches, CDNs and broken registries do (each shape on the first page and a
 * later one, another repository's list, a link elsewhere), nothing is pruned, the entry fails
 * naming the page; two rules into one pruned repository are refused before anything is done; a
 * 2,000-tag repository prunes 200 in a number of requests linear in its tags; a tag another run
 * writes onto the pruned manifest mid-prune survives, and one something else deletes meanwhile
 * is said. All against real registries (distribution 2.8, which deletes only manifests).
 */
@ExtendWith(RegistryExtension.class)
class PruneSafetyIT {

  @TempDir Path dir;

  private static final String TAGS = "/v2/p/app/tags/list";

  @Test
  void aTagListThatIsNotWholePrunesNothingAndFailsNamingThePage(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    for (String tag : List.of("v1", "v2", "v3", "v4")) {
      new TestImages(src).single("p/app", tag, "linux/amd64", tag, true);
    }
    // The source's tags in two pages, as a registry that pages them answers; a test decides what
    // each page says instead.
    String page1 = "{\"name\":\"p/app\",\"tags\":[\"v1\",\"v2\"]}";
    String page2 = "{\"name\":\"p/app\",\"tags\":[\"v3\",\"v4\"]}";
    String next = "<" + TAGS + "?n=2&last=v2>; rel=\"next\"";
    AtomicReference<String[]> pages = new AtomicReference<>(new String[] {page1, next, page2});
    try (TestProxy bent = new TestProxy(srcRegistry.address(), seen -> {
      if (!seen.method().equals("GET") || !seen.path().startsWith(TAGS)) {
        return Optional.empty();
      }
      String[] now = pages.get();
      boolean second = seen.path().contains("last=");
      Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json"));
      if (!second && now[1] != null) {
        headers.put("Link", now[1]);
      }
      return Optional.of(new TestProxy.Canned(200, headers, second ? now[2] : now[0]));
    })) {
      Path list = Files.writeString(dir.resolve("images.json"), "[{\"source\": \"" + bent.address() + "/p/app\", \"target\": \""
          + dst.address() + "/mirror/app\", \"allTags\": true, \"prune\": true}]");
      Cli.Run first = Cli.run("sync", list.toString(), "--no-history");
      assertEquals(0, first.exitCode(), first.toString());
      new TestImages(dst).single("mirror/app", "v0", "linux/amd64", "v0", true); // gone at the source: the only tag to prune
      List<String> whole = List.of("v0", "v1", "v2", "v3", "v4");
      assertEquals(whole, dst.tags("mirror/app"));

      Map<String, String> shapes = new LinkedHashMap<>();
      shapes.put("{\"name\":\"p/app\",\"tags\":null}", "has \"tags\": null");
      shapes.put("[]", "is an array, not an object");
      shapes.put("{}", "has no \"tags\"");
      shapes.put("", "is empty");
      shapes.put("null", "is null, not an object");
      shapes.put("{\"name\":\"p/app\",\"tags\":\"v9\"}", "has \"tags\" as the string \"v9\", not a list");
      shapes.put("{\"name\":\"p/other\",\"tags\":[\"v1\"]}", "is the list of repository p/other, not of p/app");
      List<String[]> cases = new ArrayList<>();
      shapes.forEach((body, says) -> {
        cases.add(new String[] {body, next, page2, "page 1 (" + TAGS + "?n=100) " + says});
        cases.add(new String[] {page1, next, body, "page 2 (" + TAGS + "?n=2&last=v2) " + says});
      });
      cases.add(new String[] {page1, "<http://elsewhere.imagesync.test:1" + TAGS + "?last=v2>; rel=\"next\"", page2,
          "tag list points to another repository (page 1): http://elsewhere.imagesync.test:1" + TAGS});
      cases.add(new String[] {page1, "</v2/p/app/sub/tags/list?last=v2>; rel=\"next\"", page2,
          "tag list points to another repository (page 1): /v2/p/app/sub/tags/list"});
      for (String[] c : cases) {
        pages.set(c);
        Cli.Run run = Cli.run("sync", list.toString(), "--no-history");
        String what = "page 1 " + c[0] + " / link " + c[1] + " / page 2 " + c[2] + ": " + run;
        assertEquals(1, run.exitCode(), what);
        List<String> failed = run.linesStartingWith("failed");
        assertEquals(1, failed.size(), what);
        assertTrue(failed.get(0).contains(c[3]), what);
        assertTrue(run.stdout().lines().noneMatch(l -> l.startsWith("pruned")), what);
        assertEquals(whole, dst.tags("mirror/app"), "nothing pruned: " + what);
      }

      // Whole again: v0 goes, and only v0.
      pages.set(new String[] {page1, next, page2});
      Cli.Run good = Cli.run("sync", list.toString(), "--no-history");
      assertEquals(0, good.exitCode(), good.toString());
      assertEquals(List.of("v1", "v2", "v3", "v4"), dst.tags("mirror/app"));
    }
  }

  @Test
  void aCatalogThatIsNotWholeOrANamespaceThatMatchesNothingFailsTheEntry(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    new TestImages(src).single("team/a", "1", "linux/amd64", "a", true);
    new TestImages(src).single("team/b", "1", "linux/amd64", "b", true);
    AtomicBoolean bend = new AtomicBoolean(true);
    try (TestProxy catalog = new TestProxy(srcRegistry.address(), seen -> !bend.get() || !seen.path().startsWith("/v2/_catalog") ? Optional.empty()
        : Optional.of(seen.path().contains("last=")
            ? new TestProxy.Canned(200, Map.of("Content-Type", "application/json"), "{}")
            : new TestProxy.Canned(200, Map.of("Content-Type", "application/json", "Link", "</v2/_catalog?last=team/a&n=1000>; rel=\"next\""),
                "{\"repositories\":[\"team/a\"]}")))) {
      // On the command line, as a list's line would name it.
      Cli.Run run = Cli.run("sync", catalog.address() + "/team/*", "--to", dstRegistry.address() + "/mirror", "--prune", "--no-history");
      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(run.stdout().contains("the catalog is not whole: page 2 (/v2/_catalog?last=team/a&n=1000) has no \"repositories\""), run.toString());
      assertEquals(List.of(), new RawRegistry(dstRegistry).tags("mirror/a"), "the namespace's entry failed whole");

      bend.set(false);
      Cli.Run typo = Cli.run("sync", catalog.address() + "/tema/*", "--to", dstRegistry.address() + "/mirror", "--no-history");
      assertEquals(1, typo.exitCode(), typo.toString());
      assertTrue(typo.stdout().contains("no repository under " + catalog.address() + "/tema/ (the catalog of " + catalog.address()
          + " lists none there; is the namespace right?)"), typo.toString());

      Cli.Run copy = Cli.run("copy", catalog.address() + "/team/*", dstRegistry.address() + "/mirror/x:1");
      assertEquals(2, copy.exitCode(), copy.toString());
      assertTrue(copy.stderr().contains("names a whole namespace; copy takes one image: use sync '" + catalog.address() + "/team/*'"), copy.toString());

      Cli.Run whole = Cli.run("sync", catalog.address() + "/team/*", "--to", dstRegistry.address() + "/mirror", "--no-history");
      assertEquals(0, whole.exitCode(), whole.toString());
      assertEquals(List.of("1"), new RawRegistry(dstRegistry).tags("mirror/b"));
    }
  }

  @Test
  void twoRulesIntoOnePrunedRepositoryAreRefusedBeforeAnythingIsDone(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    new TestImages(src).single("ns/r01", "1", "linux/amd64", "a", true);
    new TestImages(src).single("ns/sub/r01", "2", "linux/amd64", "b", true);
    new TestImages(src).single("other/app", "3", "linux/amd64", "c", true);
    Path list = Files.writeString(dir.resolve("images.json"), "[{\"source\": \"" + src.address() + "/ns/r01\", \"target\": \""
        + dst.address() + "/m/app\", \"allTags\": true, \"prune\": true},\n {\"source\": \"" + src.address() + "/other/app\", \"target\": \""
        + dst.address() + "/m/app\", \"allTags\": true}]");
    Cli.Run entries = Cli.run("sync", list.toString(), "--no-history");
    assertEquals(2, entries.exitCode(), entries.toString());
    assertTrue(entries.stderr().contains(list + ":1 (" + src.address() + "/ns/r01) and " + list + ":2 (" + src.address()
        + "/other/app) both write " + dst.address() + "/m/app, and the first prunes it"), entries.toString());
    assertEquals(List.of(), dst.tags("m/app"), "nothing copied");

    // ns/r01 and ns/sub/r01 both land on r01 without --keep-path.
    Cli.Run namespace = Cli.run("sync", src.address() + "/ns/*", "--to", dst.address() + "/m", "--prune", "--no-history");
    assertEquals(2, namespace.exitCode(), namespace.toString());
    assertTrue(namespace.stderr().contains("(" + src.address() + "/ns/r01) and command line (" + src.address() + "/ns/sub/r01) both write "
        + dst.address() + "/m/r01, and both prune it"), namespace.toString());
    Cli.Run kept = Cli.run("sync", src.address() + "/ns/*", "--to", dst.address() + "/m", "--keep-path", "--prune", "--no-history");
    assertEquals(0, kept.exitCode(), kept.toString());
  }

  @Test
  void pruning200Of2000TagsCostsRequestsLinearInTheTags(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    // Every tag on one manifest (Docker Hub's latest/1/1.27 habit, at scale): deleting the manifest
    // would take all 2,000; each tag must go alone.
    Pushed at = new TestImages(src).single("p/big", "t0000", "linux/amd64", "big", true);
    Pushed there = new TestImages(dst).single("mirror/big", "t0000", "linux/amd64", "big", true);
    IntStream.range(1, 2000).parallel().forEach(i -> {
      String tag = String.format("t%04d", i);
      if (i < 1800) {
        src.pushManifest("p/big", tag, at.mediaType(), at.bytes());
      }
      dst.pushManifest("mirror/big", tag, there.mediaType(), there.bytes());
    });
    Path list = Files.writeString(dir.resolve("images.json"), "[{\"source\": \"" + src.address() + "/p/big\", \"target\": \""
        + dst.address() + "/mirror/big\", \"allTags\": true, \"prune\": true}]");
    Thread.sleep(500);
    int before = dstRegistry.requests().size();

    Cli.Run run = Cli.run("sync", list.toString(), "--no-history");
    Thread.sleep(500); // the registry's access log is written as it goes
    List<TestRegistry.LoggedRequest> made = List.copyOf(dstRegistry.requests().subList(before, dstRegistry.requests().size()));

    assertEquals(0, run.exitCode(), run.toString());
    List<String> tags = dst.tags("mirror/big");
    assertEquals(1800, tags.size());
    assertEquals(String.format("t%04d", 1799), tags.get(tags.size() - 1));
    assertEquals(there.digest(), dst.getManifest("mirror/big", "t0000").orElseThrow().digest(), "the manifest stays, under the kept tags");
    assertEquals(200, run.linesStartingWith("pruned").size(), run.toString());
    // 1,800 tags checked by the copy (a HEAD each); pruning: three listings (plan, before, after),
    // per pruned tag a HEAD, a placeholder PUT and its DELETE, once the by-name DELETE distribution
    // refuses and the placeholder's config. The old way (a HEAD of every other tag per pruned
    // tag) was about 400,000.
    // Distribution walks every tag of the repository on each DELETE and, deleting several at once,
    // now and then answers 500 to one: a retry is a new placeholder and DELETE (20 allowed).
    long retries = 20;
    long budget = 1 + 1800 + 3 + 200 * 3 + 1 + 3 + 2 * retries; // the ping, the copy, the prune, the config blob (HEAD, POST, PUT)
    Map<String, Long> kinds = new java.util.TreeMap<>();
    made.forEach(r -> kinds.merge(r.method() + (r.status() >= 300 ? " " + r.status() : "") + " " + r.path().replaceAll("/v2/mirror/big/", "").replaceAll("(manifests|blobs|tags)/.*", "$1"), 1L, Long::sum));
    assertTrue(made.size() <= budget, made.size() + " requests at the destination, budget " + budget + ": " + kinds);
    long deletes = made.stream().filter(r -> r.method().equals("DELETE")).count();
    assertTrue(deletes >= 201 && deletes <= 201 + retries, deletes + " DELETEs: " + kinds);
  }

  @Test
  void aTagAnotherRunWritesOntoThePrunedManifestMidPruneSurvivesAndOneDeletedMeanwhileIsSaid(TestRegistry srcRegistry, TestRegistry dstRegistry)
      throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    new TestImages(src).single("p/app", "v1", "linux/amd64", "v1", true);
    Pushed old = new TestImages(dst).single("mirror/app", "v0", "linux/amd64", "v0", true);
    Pushed kept = new TestImages(dst).single("mirror/app", "keep", "linux/amd64", "keep", true);
    AtomicReference<Runnable> midPrune = new AtomicReference<>();
    // Holds the prune's first DELETE until "another run" has done its part: the race made repeatable.
    try (TestProxy delaying = new TestProxy(dstRegistry.address(), seen -> {
      Runnable r = midPrune.getAndSet(null);
      if (r != null && seen.method().equals("DELETE")) {
        r.run();
      } else if (r != null) {
        midPrune.set(r);
      }
      return Optional.empty();
    })) {
      Path list = Files.writeString(dir.resolve("images.json"), "[{\"source\": \"" + src.address() + "/p/app\", \"target\": \""
          + delaying.address() + "/mirror/app\", \"tagPattern\": \"^v\", \"prune\": true}]");
      // Another run copies v0's very manifest to a new tag between the prune's look at v0 and its deletion.
      midPrune.set(() -> dst.pushManifest("mirror/app", "v0-copy", old.mediaType(), old.bytes()));
      Cli.Run run = Cli.run("sync", list.toString(), "--no-history");
      assertEquals(0, run.exitCode(), run.toString());
      assertEquals(List.of("keep", "v0-copy", "v1"), dst.tags("mirror/app"), run.toString());
      assertEquals(old.digest(), dst.getManifest("mirror/app", "v0-copy").orElseThrow().digest(), "the other run's tag is whole");

      // Something else deletes 'keep' (by digest) while this run prunes: said, and the run fails.
      new TestImages(dst).single("mirror/app", "v2", "linux/amd64", "v2", true);
      midPrune.set(() -> dst.deleteManifest("mirror/app", kept.digest()));
      Cli.Run other = Cli.run("sync", list.toString(), "--no-history");
      assertEquals(1, other.exitCode(), other.toString());
      assertTrue(other.stdout().contains("/mirror/app:keep: vanished while " + delaying.address() + "/mirror/app was pruned, though it was not to be"
          + " pruned"), other.toString());
    }
  }
}
