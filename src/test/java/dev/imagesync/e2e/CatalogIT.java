package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole namespaces (registry/team/*, from the registry's catalog, every page) and --prune, against
 * real registries: exactly the repositories under the namespace, filtered as the entry says;
 * exactly the vanished tags deleted, shown by plan first, never when the source cannot be listed,
 * never another tag, even one holding the same manifest.
 */
@ExtendWith(RegistryExtension.class)
class CatalogIT {

  @TempDir Path dir;

  @Test
  void aNamespaceIsEveryRepositoryUnderItNestedOnesIncludedReadPageByPage(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    Pushed app1 = images.single("team/app1", "1", "linux/amd64", "t1", true);
    images.single("team/app1", "2", "linux/amd64", "t1b", true);
    Pushed app2 = images.single("team/sub/app2", "1", "linux/amd64", "t2", false);
    images.single("team/tools", "1", "linux/amd64", "t3", true);
    images.single("teammate/x", "1", "linux/amd64", "x", true);
    images.single("other/y", "1", "linux/amd64", "y", true);
    Path list = Files.writeString(dir.resolve("images.json"), "[{\"source\": \"" + src.address() + "/team/*\", \"target\": \""
        + dst.address() + "/mirror\", \"exclude\": \"tools\"}]");

    // Two repositories a page: the catalog of six comes in three pages, following Link.
    Cli.Run run = Cli.run(List.of("-Dimagesync.catalog.page=2"), Map.of(), "sync", list.toString(), "--no-history");

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(app1.digest(), dst.getManifest("mirror/app1", "1").orElseThrow().digest());
    assertTrue(dst.getManifest("mirror/app1", "2").isPresent(), "every tag");
    assertEquals(app2.digest(), dst.getManifest("mirror/sub/app2", "1").orElseThrow().digest(), "nested, its path under the namespace kept");
    assertTrue(dst.getManifest("mirror/tools", "1").isEmpty(), "excluded");
    assertTrue(dst.getManifest("mirror/x", "1").isEmpty() && dst.getManifest("mirror/y", "1").isEmpty(), "outside the namespace");
    assertEquals(3, srcRegistry.requests().stream().filter(r -> r.method().equals("GET") && r.path().startsWith("/v2/_catalog")).count(),
        srcRegistry.requests().toString());

    // A markdown line, the destination named by --to and --keep-path, filtered to one repository.
    Path md = Files.writeString(dir.resolve("images.md"), src.address() + "/team/*\n");
    Cli.Run keep = Cli.run("sync", md.toString(), "--to", dst.address() + "/ns", "--keep-path", "--no-history");
    assertEquals(0, keep.exitCode(), keep.toString());
    assertEquals(app2.digest(), dst.getManifest("ns/team/sub/app2", "1").orElseThrow().digest());
    assertTrue(dst.getManifest("ns/team/tools", "1").isPresent());
  }

  @Test
  void aRegistryWithoutACatalogIsOneLineAndTheOtherEntriesAreCopied(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    Pushed ok = new TestImages(src).single("lib/ok", "1", "linux/amd64", "ok", true);
    try (TestProxy hub = new TestProxy(srcRegistry.address(), seen -> seen.path().startsWith("/v2/_catalog")
        ? Optional.of(new TestProxy.Canned(404, Map.of("Content-Type", "application/json"), "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"not found\"}]}"))
        : Optional.empty())) {
      Path list = Files.writeString(dir.resolve("images.md"), hub.address() + "/team/*\n" + src.address() + "/lib/ok:1\n");
      Cli.Run run = Cli.run("sync", list.toString(), "--to", dstRegistry.address() + "/ns", "--no-history");

      assertEquals(1, run.exitCode(), run.toString());
      List<String> failed = run.linesStartingWith("failed");
      assertEquals(1, failed.size(), run.toString());
      assertTrue(failed.get(0).contains("does not list its repositories (/v2/_catalog: HTTP 404") && failed.get(0).contains("name them one by one"),
          failed.get(0));
      assertEquals(ok.digest(), new RawRegistry(dstRegistry).getManifest("ns/ok", "1").orElseThrow().digest());
    }
  }

  @Test
  void pruneDeletesExactlyTheVanishedTagsPlanShowsThemFirst(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages at = new TestImages(src);
    at.single("p/app", "v1", "linux/amd64", "v1", true);
    at.single("p/app", "v2", "linux/amd64", "v2", true);
    // At the destination, besides what the source has: v0 (gone at the source, its own manifest),
    // v00 (gone too, but the tag 'stable', outside the selection, holds the same manifest) and
    // 'stable' itself.
    TestImages there = new TestImages(dst);
    there.single("mirror/app", "v0", "linux/amd64", "v0", true);
    Pushed shared = there.single("mirror/app", "v00", "linux/amd64", "v00", true);
    dst.pushManifest("mirror/app", "stable", shared.mediaType(), shared.bytes());
    Path list = Files.writeString(dir.resolve("images.json"), "[{\"source\": \"" + src.address() + "/p/app\", \"target\": \""
        + dst.address() + "/mirror/app\", \"tagPattern\": \"^v\", \"prune\": true}]");

    Cli.Run plan = Cli.run("plan", list.toString());
    assertEquals(0, plan.exitCode(), plan.toString());
    assertEquals(List.of("prune " + dst.address() + "/mirror/app:v0 (" + src.address() + "/p/app:v0 is gone)",
        "prune " + dst.address() + "/mirror/app:v00 (" + src.address() + "/p/app:v00 is gone)"),
        plan.stdout().lines().filter(l -> l.startsWith("prune ")).sorted().toList());
    assertTrue(dst.getManifest("mirror/app", "v0").isPresent(), "plan deletes nothing");

    Cli.Run run = Cli.run("sync", list.toString(), "--history", dir.resolve("history.md").toString(), "--image-list", dir.resolve("list.md").toString());

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(dst.getManifest("mirror/app", "v0").isEmpty(), "vanished at the source: deleted: " + run);
    assertTrue(run.stdout().lines().anyMatch(l -> l.startsWith("pruned") && l.contains("/mirror/app:v0 ")), run.stdout());
    assertTrue(dst.getManifest("mirror/app", "v00").isEmpty(), "v00 goes alone, though it shares its manifest: " + run);
    assertEquals(shared.digest(), dst.getManifest("mirror/app", "stable").orElseThrow().digest(),
        "stable, which the selection does not take, keeps the manifest v00 had");
    assertTrue(dst.getManifest("mirror/app", "v1").isPresent() && dst.getManifest("mirror/app", "v2").isPresent(), "copied as usual");
    assertTrue(run.stderr().contains("2 pruned"), run.stderr());
    assertTrue(Files.readString(dir.resolve("history.md")).contains("(pruned: gone at the source)"), Files.readString(dir.resolve("history.md")));

    // The source cannot be listed: its entry fails, and nothing is pruned.
    there.single("mirror/app", "v9", "linux/amd64", "v9", true);
    Path gone = Files.writeString(dir.resolve("gone.json"), "[{\"source\": \"" + src.address() + "/p/nothing-here\", \"target\": \""
        + dst.address() + "/mirror/app\", \"tagPattern\": \"^v\", \"prune\": true}]");
    Cli.Run refused = Cli.run("sync", gone.toString(), "--no-history");
    assertEquals(1, refused.exitCode(), refused.toString());
    assertTrue(dst.getManifest("mirror/app", "v9").isPresent() && dst.getManifest("mirror/app", "v1").isPresent(), "nothing pruned");
    assertFalse(refused.stdout().contains("pruned"), refused.stdout());
  }
}
