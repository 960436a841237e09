package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
