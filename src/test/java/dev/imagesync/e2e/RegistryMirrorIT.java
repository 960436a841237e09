package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * --registry-mirror: sources read from a mirror of their registry (a pull-through cache, as
 * distribution's proxy mode or Harbor's proxy-cache projects serve one, under a path of its own),
 * their tags resolved at the origin with a HEAD; the origin where the mirror lacks them; a mirror
 * whose tag lies changes nothing unless trusted.
 */
@ExtendWith(RegistryExtension.class)
class RegistryMirrorIT {

  @TempDir Path tmp;

  private static long gets(TestProxy origin) {
    return origin.seen().stream().filter(s -> s.method().equals("GET") && (s.path().contains("/manifests/") || s.path().contains("/blobs/"))).count();
  }

  @Test
  void bytesComeFromTheMirrorTagsFromTheOrigin(TestRegistry originRegistry, TestRegistry mirrorRegistry, TestRegistry dst) throws Exception {
    RawRegistry origin = new RawRegistry(originRegistry);
    RawRegistry mirror = new RawRegistry(mirrorRegistry);
    Pushed app = new TestImages(origin).multiArch("lib/app", "1", true, "mirror", 2, 4000, "linux/amd64", "linux/arm64");
    Pushed cached = new TestImages(mirror).multiArch("hub/lib/app", "1", true, "mirror", 2, 4000, "linux/amd64", "linux/arm64");
    assertEquals(app.digest(), cached.digest(), "the cache holds the same bytes");
    Pushed other = new TestImages(origin).single("lib/other", "1", "linux/amd64", "not-cached", true);
    Pushed truth = new TestImages(origin).single("lib/lie", "1", "linux/amd64", "truth", true);
    Pushed lie = new TestImages(mirror).single("hub/lib/lie", "1", "linux/amd64", "stale", true);

    try (TestProxy originProxy = new TestProxy(originRegistry.address(), s -> Optional.empty())) {
      Path list = tmp.resolve("images.md");
      Files.writeString(list, originProxy.address() + "/lib/app:1\n" + originProxy.address() + "/lib/other:1\n" + originProxy.address() + "/lib/lie:1\n");
      Cli.Run run = Cli.run("sync", list.toString(), "--to", dst.address() + "/m", "--no-history",
          "--registry-mirror", originProxy.address() + "=" + mirrorRegistry.address() + "/hub");

      assertEquals(0, run.exitCode(), run.toString());
      RawRegistry out = new RawRegistry(dst);
      assertArrayEquals(app.bytes(), out.getManifest("m/app", "1").orElseThrow().bytes());
      assertArrayEquals(other.bytes(), out.getManifest("m/other", "1").orElseThrow().bytes(), "what the mirror lacks comes from the origin");
      assertArrayEquals(truth.bytes(), out.getManifest("m/lie", "1").orElseThrow().bytes(), "the origin says what a tag is");
      assertTrue(run.stdout().contains(originProxy.address() + "/lib/app:1 -> " + dst.address() + "/m/app:1"), "lines keep the origin's name");
      List<TestProxy.Seen> forApp = originProxy.seen().stream().filter(s -> s.path().startsWith("/v2/lib/app/")).toList();
      assertTrue(forApp.stream().allMatch(s -> s.method().equals("HEAD") && s.path().endsWith("/manifests/1")), "origin: a HEAD only: " + forApp);
      assertTrue(originProxy.seen().stream().anyMatch(s -> s.method().equals("GET") && s.path().startsWith("/v2/lib/other/blobs/")),
          "lib/other was read from the origin");

      // Trusted, the mirror's tag is what is copied (an origin that cannot be reached).
      long before = gets(originProxy);
      Cli.Run trusted = Cli.run("copy", originProxy.address() + "/lib/lie:1", dst.address() + "/t/lie:1", "--no-history",
          "--registry-mirror", originProxy.address() + "=" + mirrorRegistry.address() + "/hub", "--registry-mirror-trust");
      assertEquals(0, trusted.exitCode(), trusted.toString());
      assertArrayEquals(lie.bytes(), out.getManifest("t/lie", "1").orElseThrow().bytes());
      assertEquals(before, gets(originProxy), "nothing read from the origin");
    }
  }

  @Test
  void theMirrorCanBeNamedInTheAuthFileAndABadOneIsBadInput(TestRegistry originRegistry, TestRegistry mirrorRegistry, TestRegistry dst)
      throws Exception {
    Pushed app = new TestImages(new RawRegistry(originRegistry)).single("lib/app", "1", "linux/amd64", "auth-mirror", true);
    new TestImages(new RawRegistry(mirrorRegistry)).single("lib/app", "1", "linux/amd64", "auth-mirror", true);
    try (TestProxy originProxy = new TestProxy(originRegistry.address(), s -> Optional.empty())) {
      Path auth = tmp.resolve("auth.yaml");
      Files.writeString(auth, originProxy.address() + ":\n  mirror: " + mirrorRegistry.address() + "\n");
      Cli.Run run = Cli.run("copy", originProxy.address() + "/lib/app:1", dst.address() + "/a/app:1", "--no-history", "--auth", auth.toString());
      assertEquals(0, run.exitCode(), run.toString());
      assertArrayEquals(app.bytes(), new RawRegistry(dst).getManifest("a/app", "1").orElseThrow().bytes());
      assertEquals(0, gets(originProxy), "all from the mirror: " + originProxy.seen());
    }
    Cli.Run bad = Cli.run("copy", originRegistry.address() + "/lib/app:1", dst.address() + "/a/app:2", "--registry-mirror", "docker.io");
    assertEquals(2, bad.exitCode(), bad.toString());
    assertTrue(bad.stderr().contains("--registry-mirror: docker.io: expected ORIGIN=MIRROR"), bad.stderr());
  }
}
