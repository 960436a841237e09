package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesync.testing.Cli;
import dev.imagesync.testing.Contents;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of a sync, several times, then a run to the end: the destination
 * converges to the exact source, and while all of it happens a poller checks that every tag
 * that exists points at a manifest whose children and blobs are all there.
 */
@ExtendWith(RegistryExtension.class)
class CrashIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void killedRunsNeverExposeIncompleteTagsAndTheNextRunConverges(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    Map<String, String> pushed = new LinkedHashMap<>();
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      String repo = "crash/app" + i;
      Pushed index = images.multiArch(repo, "v1", i % 2 == 0, "crash-" + i, 3, 400_000, "linux/amd64", "linux/arm64");
      pushed.put(repo, index.digest());
      list.append(src.address()).append('/').append(repo).append(":v1\n");
    }
    Path file = dir.resolve("images.md");
    Files.writeString(file, list.toString());
    String[] sync = {"sync", file.toString(), "--to", dst.address() + "/mirror", "-j", "2"};

    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicInteger checks = new AtomicInteger();
    AtomicBoolean polling = new AtomicBoolean(true);
    Thread poller = new Thread(() -> {
      while (polling.get()) {
        for (String repo : pushed.keySet()) {
          checkTag(dst, "mirror/" + repo.substring(repo.indexOf('/') + 1), "v1", violations);
          checks.incrementAndGet();
        }
      }
    }, "tag-poller");
    poller.start();
    try {
      Random random = new Random(42);
      int killed = 0;
      for (int round = 0; round < 4; round++) {
        Process p = Cli.start(dir, sync);
        long delay = 300 + random.nextInt(1200);
        if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
          p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
          p.waitFor(10, TimeUnit.SECONDS);
          killed++;
        }
      }
      Cli.Run finish = Cli.runIn(dir, List.of(), Map.of(), sync);

      assertEquals(0, finish.exitCode(), finish.toString());
      assertTrue(killed >= 2, "runs were killed mid-way: " + killed);
    } finally {
      polling.set(false);
      poller.join();
    }
    assertEquals(List.of(), violations, "a tag pointed at incomplete content");
    assertTrue(checks.get() > 50, "the poller really polled: " + checks.get());
    for (Map.Entry<String, String> image : pushed.entrySet()) {
      String mirror = "mirror/" + image.getKey().substring(image.getKey().indexOf('/') + 1);
      Contents.assertSameTree(src, image.getKey(), dst, mirror, image.getValue());
    }
    String history = Files.readString(dir.resolve("transfer_history.md"));
    assertEquals(1, history.lines().filter(l -> l.startsWith("| Source |")).count(), "one table: " + history);
    // No record lost, none doubled: every tag was copied once, by whichever run, and has exactly
    // one row (a killed run's copy is recorded by the run that found it, marked as late).
    for (String repo : pushed.keySet()) {
      String target = "/mirror/" + repo.substring(repo.indexOf('/') + 1) + ":v1 ";
      assertEquals(1, history.lines().filter(l -> l.contains(target)).count(), target + " in " + history);
    }
    try (java.util.stream.Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.endsWith(".pending")).toList(),
          "no temporary or pending files left");
    }
  }

  /**
   * kill -9 at the worst moment: the registry has written the tag, imagesync has not heard back
   * (so has not recorded it). The next run finds the tag up to date and records it then, marked.
   */
  @Test
  void aTagWrittenJustBeforeAKillIsRecordedByTheNextRun(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    Pushed image = new TestImages(src).single("late/app", "v1", "linux/amd64", "late", true);
    java.util.concurrent.CountDownLatch tagged = new java.util.concurrent.CountDownLatch(1);
    try (dev.imagesync.testing.TestProxy destination = new dev.imagesync.testing.TestProxy(dstRegistry.address(), seen -> Optional.empty(),
        (seen, reply) -> {
          if (seen.method().equals("PUT") && seen.path().endsWith("/manifests/v1")) {
            tagged.countDown(); // written at the registry; the answer is held back
            try {
              Thread.sleep(30_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return reply;
        })) {
      Files.writeString(dir.resolve("images.md"), src.address() + "/late/app:v1\n");
      Process p = Cli.start(dir, "sync", "images.md", "--to", destination.address() + "/mirror");
      assertTrue(tagged.await(30, TimeUnit.SECONDS), "the tag was written");
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      assertFalse(Files.exists(dir.resolve("transfer_history.md")) && Files.readString(dir.resolve("transfer_history.md")).contains("/mirror/app:v1"),
          "not recorded by the killed run");

      Cli.Run next = Cli.runIn(dir, List.of(), Map.of(), "sync", "images.md", "--to", destination.address() + "/mirror");

      assertEquals(0, next.exitCode(), next.toString());
      assertTrue(next.stdout().startsWith("skipped "), next.stdout());
      String history = Files.readString(dir.resolve("transfer_history.md"));
      List<String> rows = history.lines().filter(l -> l.contains("/mirror/app:v1")).toList();
      assertEquals(1, rows.size(), history);
      assertTrue(rows.get(0).contains(image.digest()) && rows.get(0).contains("(recorded by a later run)"), rows.get(0));
      try (java.util.stream.Stream<Path> left = Files.list(dir)) {
        assertEquals(List.of(), left.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.endsWith(".pending")).toList());
      }
    }
  }

  /**
   * kill -9 after the run kept its line and before the registry had the tag (the PUT never got
   * there): the next run writes the tag itself, records it once, and clears the dead line, which
   * no later run could ever find up to date.
   */
  @Test
  void aTagWhoseWriteNeverReachedTheRegistryLeavesNoLineBehind(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    Pushed image = new TestImages(src).single("early/app", "v1", "linux/amd64", "early", true);
    java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    AtomicBoolean holding = new AtomicBoolean(true);
    try (dev.imagesync.testing.TestProxy destination = new dev.imagesync.testing.TestProxy(dstRegistry.address(), seen -> {
      if (holding.get() && seen.method().equals("PUT") && seen.path().endsWith("/manifests/v1")) {
        held.countDown(); // the line is on disk; the registry never hears of the tag
        try {
          Thread.sleep(30_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return Optional.empty();
    }, (seen, reply) -> reply)) {
      Files.writeString(dir.resolve("images.md"), src.address() + "/early/app:v1\n");
      Process p = Cli.start(dir, "sync", "images.md", "--to", destination.address() + "/mirror");
      assertTrue(held.await(30, TimeUnit.SECONDS), "the tag's write was under way");
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      holding.set(false);
      assertTrue(Files.exists(dir.resolve(".transfer_history.md.pending")), "the killed run left its line");

      Cli.Run next = Cli.runIn(dir, List.of(), Map.of(), "sync", "images.md", "--to", destination.address() + "/mirror");

      assertEquals(0, next.exitCode(), next.toString());
      assertTrue(next.stdout().startsWith("copied "), next.stdout());
      List<String> rows = Files.readString(dir.resolve("transfer_history.md")).lines().filter(l -> l.contains("/mirror/app:v1")).toList();
      assertEquals(1, rows.size(), rows.toString());
      assertTrue(rows.get(0).contains(image.digest()) && !rows.get(0).contains("(recorded by a later run)"), rows.get(0));
      try (java.util.stream.Stream<Path> left = Files.list(dir)) {
        assertEquals(List.of(), left.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.endsWith(".pending")).toList());
      }
    }
  }

  /** If the tag exists, everything under it must too. */
  private static void checkTag(RawRegistry dst, String repo, String tag, List<String> violations) {
    Optional<RawRegistry.Fetched> top = dst.getManifest(repo, tag);
    if (top.isEmpty()) {
      return;
    }
    try {
      JsonNode index = JSON.readTree(top.get().bytes());
      List<String> children = new ArrayList<>();
      index.path("manifests").forEach(m -> children.add(m.path("digest").asText()));
      if (children.isEmpty()) {
        checkImage(dst, repo, tag, index, violations);
      }
      for (String child : children) {
        Optional<RawRegistry.Fetched> manifest = dst.getManifest(repo, child);
        if (manifest.isEmpty()) {
          violations.add(repo + ":" + tag + " -> missing child " + child);
          continue;
        }
        checkImage(dst, repo, tag, JSON.readTree(manifest.get().bytes()), violations);
      }
    } catch (IOException e) {
      violations.add(repo + ":" + tag + " unreadable: " + e);
    }
  }

  private static void checkImage(RawRegistry dst, String repo, String tag, JsonNode image, List<String> violations) {
    List<String> blobs = new ArrayList<>();
    blobs.add(image.path("config").path("digest").asText());
    image.path("layers").forEach(l -> blobs.add(l.path("digest").asText()));
    for (String blob : blobs) {
      if (!dst.hasBlob(repo, blob)) {
        violations.add(repo + ":" + tag + " -> missing blob " + blob);
      }
    }
  }
}
