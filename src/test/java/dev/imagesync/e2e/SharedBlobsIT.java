package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.Contents;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.StubHttpServer;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestProxy;
import dev.imagesync.testing.TestRegistry;
import dev.imagesync.testing.TestRegistry.LoggedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images that share a base, into several repositories of one destination registry at once: each
 * shared layer crosses the link once — one repository uploads it while the others wait and mount
 * it from there — and a registry that declines the mount gets the layer uploaded as before.
 */
@ExtendWith(RegistryExtension.class)
class SharedBlobsIT {

  @TempDir Path tmp;

  /** Two layers of 200 kB: past the size up to which a blob is sent again rather than waited for. */
  private static final int LAYER = 200_000;

  /** The same image in three source repositories, listed to three destination repositories. */
  private Path threeRepositoriesOfOneImage(RawRegistry src, Pushed[] pushed) throws IOException {
    TestImages images = new TestImages(src);
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 3; i++) {
      pushed[i] = images.image("team/app" + i, "linux/amd64", 2, LAYER, "one-base", true);
      src.pushManifest("team/app" + i, "1", pushed[i].mediaType(), pushed[i].bytes());
      json.append(i == 0 ? "" : ",").append("{\"source\": \"" + src.address() + "/team/app" + i + ":1\", \"target\": \"app" + i + "\"}");
    }
    Path file = tmp.resolve("images.json");
    Files.writeString(file, json.append("]").toString());
    return file;
  }

  /** Each of the three images, byte for byte, in its destination repository. */
  private static void assertEachArrived(RawRegistry src, TestRegistry dstRegistry, Pushed[] pushed) {
    RawRegistry dst = new RawRegistry(dstRegistry);
    for (int i = 0; i < 3; i++) {
      Contents.assertSameTree(src, "team/app" + i, dst, "m/app" + i, pushed[i].digest());
    }
  }

  private static List<String> layerDigests(RawRegistry registry, String repo) {
    String manifest = new String(registry.getManifest(repo, "1").orElseThrow().bytes(), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("\"size\": " + LAYER + ",\\s*\"digest\": \"(sha256:[0-9a-f]{64})\"").matcher(manifest);
    List<String> digests = new ArrayList<>();
    while (m.find()) {
      digests.add(m.group(1));
    }
    assertEquals(2, digests.size(), manifest);
    return digests;
  }

  @Test
  void aLayerThreeRepositoriesNeedAtOnceIsUploadedOnceAndMountedIntoTheOthers(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    Pushed[] pushed = new Pushed[3];
    Path list = threeRepositoriesOfOneImage(src, pushed);
    List<String> layers = layerDigests(src, "team/app0");
    // The destination answers the first upload of each layer a second late: the other jobs reach
    // that layer while its upload is still in flight (on a long link, they always do).
    Set<String> held = ConcurrentHashMap.newKeySet();
    try (TestProxy slow = new TestProxy(dstRegistry.address(), seen -> Optional.empty(), (seen, reply) -> {
      boolean firstPutOfALayer = seen.method().equals("PUT") && layers.stream().anyMatch(d -> seen.path().contains("digest=" + d.replace(":", "%3A"))
          || seen.path().contains("digest=" + d)) && held.add(seen.path().replaceAll(".*digest=", ""));
      if (firstPutOfALayer) {
        sleep(1000);
      }
      return reply;
    })) {
      int before = dstRegistry.requests().size();
      Cli.Run run = Cli.run("sync", list.toString(), "--to", slow.address() + "/m", "--no-history");

      assertEquals(0, run.exitCode(), run.toString());
      List<LoggedRequest> requests = dstRegistry.requests().subList(before, dstRegistry.requests().size());
      for (String layer : layers) {
        long puts = requests.stream().filter(r -> r.method().equals("PUT") && r.path().contains(layer.substring(7))).count();
        long mounts = requests.stream().filter(r -> r.method().equals("POST") && r.path().contains("mount=" + layer) && r.status() == 201).count();
        assertEquals(1, puts, layer + " uploaded once: " + requests);
        assertEquals(2, mounts, layer + " mounted into the two other repositories: " + requests);
      }
      // The config, small, may be sent again by a job that found its upload still in flight.
      Matcher mounted = Pattern.compile("(\\d+) mounted").matcher(run.stderr());
      assertTrue(mounted.find() && Integer.parseInt(mounted.group(1)) >= 4, run.stderr());
      assertEachArrived(src, dstRegistry, pushed);
    }
  }

  @Test
  void aMountTheRegistryDeclinesIsAnUploadIntoTheSessionItOpened(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    Pushed[] pushed = new Pushed[3];
    Path list = threeRepositoriesOfOneImage(src, pushed);
    List<String> layers = layerDigests(src, "team/app0");
    try (TestProxy declining = new TestProxy(dstRegistry.address(), seen -> Optional.<StubHttpServer.Reply>empty(), (seen, reply) -> reply)
        .decliningMounts()) {
      int before = dstRegistry.requests().size();
      Cli.Run run = Cli.run("sync", list.toString(), "--to", declining.address() + "/m", "--no-history");

      assertEquals(0, run.exitCode(), run.toString());
      List<LoggedRequest> requests = dstRegistry.requests().subList(before, dstRegistry.requests().size());
      long mountsAsked = declining.seen().stream().filter(s -> s.method().equals("POST") && s.path().contains("mount=")).count();
      assertTrue(mountsAsked >= 2, "mounts were asked for: " + declining.seen());
      for (String layer : layers) {
        long puts = requests.stream().filter(r -> r.method().equals("PUT") && r.path().contains(layer.substring(7)) && r.status() == 201).count();
        assertEquals(3, puts, layer + " uploaded into each repository: " + requests);
      }
      // Every session a declined mount opened was used: none is left open.
      long sessions = requests.stream().filter(r -> r.method().equals("POST") && r.path().contains("/blobs/uploads")).count();
      long committed = requests.stream().filter(r -> r.method().equals("PUT") && r.path().contains("/blobs/uploads/") && r.status() == 201).count();
      assertEquals(sessions, committed, requests.toString());
      assertEachArrived(src, dstRegistry, pushed);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
