package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.Contents;
import dev.imagesync.testing.FaultProxy;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestProxy;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A congested link, simulated: fault-injecting proxies between imagesync and two real registries
 * reset connections, answer 500, 503 and 429 (Retry-After: 1), cut bodies short and slow them
 * down. The copy must still come out byte for byte; a destination that is gone for good must end
 * the run in bounded time with a reason per image.
 */
@ExtendWith(RegistryExtension.class)
class FaultsIT {

  @TempDir Path tmp;

  /** Four multi-arch images with two tags each; returns repo -> index digest. */
  private Map<String, String> seed(RawRegistry src) {
    TestImages images = new TestImages(src);
    Map<String, String> pushed = new LinkedHashMap<>();
    for (int i = 1; i <= 4; i++) {
      String repo = "lib/app" + i;
      Pushed index = images.multiArch(repo, "v1", i % 2 == 0, "faults-" + i, 2, 60_000, "linux/amd64", "linux/arm64");
      src.pushManifest(repo, "v2", index.mediaType(), index.bytes());
      pushed.put(repo, index.digest());
    }
    return pushed;
  }

  private Path list(String source, Map<String, String> images) throws IOException {
    StringBuilder md = new StringBuilder("# images\n");
    for (String repo : images.keySet()) {
      md.append(source).append('/').append(repo).append(":v1\n");
      md.append(source).append('/').append(repo).append(":v2\n");
    }
    Path file = tmp.resolve("images.md");
    Files.writeString(file, md.toString());
    return file;
  }

  @Test
  void tenPercentOfRequestsFaultedStillCopiesEveryDigest(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    Map<String, String> images = seed(src);
    try (FaultProxy srcLink = new FaultProxy(src.address(), 0.10, 7);
        FaultProxy dstLink = new FaultProxy(dst.address(), 0.10, 11)) {
      Cli.Run run = Cli.run("sync", list(srcLink.address(), images).toString(), "--to", dstLink.address() + "/mirror",
          "--retries", "6", "--retry-delay", "0.05");

      assertEquals(0, run.exitCode(), run.toString());
      assertEquals(8, run.linesStartingWith("copied").size(), run.stdout());
      int faults = srcLink.total() + dstLink.total();
      assertTrue(faults >= 5, "faults were injected: source " + srcLink.injected() + ", destination " + dstLink.injected());
      for (Map.Entry<String, String> image : images.entrySet()) {
        String mirror = "mirror/" + image.getKey().substring(image.getKey().indexOf('/') + 1);
        Contents.assertSameTree(src, image.getKey(), dst, mirror, image.getValue());
        for (String tag : List.of("v1", "v2")) {
          assertEquals(image.getValue(), dst.getManifest(mirror, tag).map(RawRegistry.Fetched::digest).orElse("missing"), mirror + ":" + tag);
        }
      }
      assertTrue(run.stderr().contains("trying again in"), "retries are reported: " + run.stderr());
    }
  }

  /**
   * A quarter of the requests on each side broken (resets, 5xx, 429, cut and stalled bodies), the
   * default retries: every image arrives, because failures while the registry keeps serving other
   * requests do not use up an operation's retries. (The five-seed trial with 30 images and
   * default flags is bench/faults.sh; its figures are in docs/reliability.md.)
   */
  @Test
  void aQuarterOfRequestsFaultedOnEachSideStillCopiesEveryDigest(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    Map<String, String> images = seed(src);
    for (long seed : new long[] {3, 5}) {
      try (FaultProxy srcLink = new FaultProxy(src.address(), 0.25, seed);
          FaultProxy dstLink = new FaultProxy(dst.address(), 0.25, seed * 31)) {
        long start = System.nanoTime();
        Cli.Run run = Cli.runIn(Files.createTempDirectory(tmp, "run"), List.of(), Map.of(), "sync", list(srcLink.address(), images).toString(),
            "--to", dstLink.address() + "/quarter" + seed, "--retry-delay", "0.05");

        assertEquals(0, run.exitCode(), "seed " + seed + ": " + run);
        assertEquals(8, run.linesStartingWith("copied").size(), run.stdout());
        assertTrue(srcLink.total() + dstLink.total() >= 20, "faults were injected: " + srcLink.injected() + ", " + dstLink.injected());
        assertTrue((System.nanoTime() - start) / 1e9 < 120, "in reasonable time");
        for (Map.Entry<String, String> image : images.entrySet()) {
          String mirror = "quarter" + seed + "/" + image.getKey().substring(image.getKey().indexOf('/') + 1);
          Contents.assertSameTree(src, image.getKey(), dst, mirror, image.getValue());
        }
      }
    }
  }

  @Test
  void aDestinationGoneForGoodEndsTheRunInBoundedTime(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    Map<String, String> images = seed(src);
    try (FaultProxy dstLink = new FaultProxy(dstRegistry.address(), 0, 1)) {
      dstLink.down();
      long start = System.nanoTime();
      Path cwd = Files.createDirectory(tmp.resolve("cwd"));
      Cli.Run run = Cli.runIn(cwd, List.of(), Map.of(), "sync", list(src.address(), images).toString(), "--to", dstLink.address() + "/mirror",
          "--retries", "3", "--retry-delay", "0.1");
      double seconds = (System.nanoTime() - start) / 1e9;

      assertEquals(1, run.exitCode(), run.toString());
      List<String> failed = run.linesStartingWith("failed");
      assertEquals(8, failed.size(), run.stdout());
      for (String line : failed) {
        assertTrue(line.contains(dstLink.address()), "the reason names the destination: " + line);
      }
      assertTrue(seconds < 60, "bounded: " + seconds + " s");
      assertTrue(run.stderr().contains("8 failed"), run.stderr());
      assertTrue(run.stderr().contains("\n8 failures:\n  failed  "), "the failures again at the end: " + run.stderr());
      assertFalse(Files.exists(cwd.resolve("transfer_history.md")), "no history row for what did not complete");
      assertFalse(Files.exists(cwd.resolve("image_list.md")), "no mapping row for what did not complete");
    }
  }

  @Test
  void aDestinationOutOfDiskStopsAfterTheRetriesAndLeavesNoUploadSession(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    Pushed image = new TestImages(src).single("lib/full", "v1", "linux/amd64", "disk-full", true);
    src.pushManifest("lib/full", "v2", image.mediaType(), image.bytes());
    String full = "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"unknown error\",\"detail\":\"write /var/lib/registry: no space left on device\"}]}";
    // Every commit of an upload (PUT …/blobs/uploads/ID?digest=…) is answered 500 before the
    // registry sees it, as a registry out of disk answers: its sessions stay open unless cancelled.
    try (TestProxy outOfDisk = new TestProxy(dstRegistry.address(), seen -> seen.method().equals("PUT") && seen.path().contains("/blobs/uploads/")
        ? Optional.of(new TestProxy.Canned(500, Map.of("Content-Type", "application/json"), full)) : Optional.empty())) {
      Cli.Run run = Cli.run("sync", list(src.address(), Map.of("lib/full", image.digest())).toString(), "--to", outOfDisk.address() + "/mirror",
          "--retries", "2", "--retry-delay", "0.1");

      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(run.linesStartingWith("failed").get(0).contains("no space left on device"), run.stdout());
      long puts = outOfDisk.seen().stream().filter(s -> s.method().equals("PUT") && s.path().contains("/blobs/uploads/")).count();
      long posts = outOfDisk.seen().stream().filter(s -> s.method().equals("POST")).count();
      long deletes = outOfDisk.seen().stream().filter(s -> s.method().equals("DELETE")).count();
      // Two tags, each of whose three blobs is tried three times at most (one attempt, two
      // retries), not until the bound of (retries + 1) x 4 attempts.
      assertTrue(puts <= 2 * 3 * 3, "blob commits: " + puts + "\n" + run.stderr());
      assertEquals(posts, deletes, "every session that failed was cancelled: " + outOfDisk.seen());
      assertEquals(List.of(), dstRegistry.openUploads("mirror/full"), "no upload session left in the registry");
    }
  }
}
