package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.Skopeo;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * audit finds what a mirror lacks without pulling a layer — a tag gone, a tag behind its source, a
 * blob the registry lost under a tag that still answers — and sync --repair sends the lost part
 * again, where a plain sync skips the tag as its digest is right.
 */
@ExtendWith(RegistryExtension.class)
class AuditIT {

  @TempDir Path tmp;

  @Test
  void aLostBlobAMissingTagAndAStaleTagAreFoundAndRepaired(TestRegistry src, TestRegistry dst) throws Exception {
    RawRegistry source = new RawRegistry(src);
    RawRegistry mirror = new RawRegistry(dst);
    Pushed multi = new TestImages(source).multiArch("lib/multi", "1", true, "audit", 2, 5000, "linux/amd64", "linux/arm64");
    new TestImages(source).single("lib/one", "1", "linux/amd64", "audit-one", true);
    new TestImages(source).single("lib/one", "2", "linux/amd64", "audit-two", true);
    Path list = tmp.resolve("images.md");
    Files.writeString(list, src.address() + "/lib/multi:1\n" + src.address() + "/lib/one:1\n" + src.address() + "/lib/one:2\n");
    String to = dst.address() + "/mirror";
    assertEquals(0, Cli.run("sync", list.toString(), "--to", to, "--no-history").exitCode());

    Cli.Run whole = Cli.run("audit", list.toString(), "--to", to);
    assertEquals(0, whole.exitCode(), whole.toString());
    assertEquals("", whole.stdout());
    assertTrue(whole.stderr().contains("audited 3 tags") && whole.stderr().contains(": 3 whole, 0 missing, 0 stale"), whole.stderr());
    int blobGets = (int) dst.requests().stream().filter(r -> r.method().equals("GET") && r.path().contains("/blobs/")).count();

    // The registry loses a layer of the arm64 image; a tag is deleted; the source moves on.
    JsonNode arm = null;
    for (JsonNode c : new ObjectMapper().readTree(multi.bytes()).path("manifests")) {
      if (c.path("platform").path("architecture").asText().equals("arm64")) {
        arm = c;
      }
    }
    String armDigest = arm.path("digest").asText();
    JsonNode armManifest = new ObjectMapper().readTree(mirror.getManifest("mirror/multi", armDigest).orElseThrow().bytes());
    String lostLayer = armManifest.path("layers").path(1).path("digest").asText();
    mirror.deleteBlob("mirror/multi", lostLayer);
    mirror.deleteManifest("mirror/one", mirror.getManifest("mirror/one", "2").orElseThrow().digest());
    new TestImages(source).single("lib/one", "1", "linux/amd64", "audit-moved", true);

    Cli.Run gaps = Cli.run("audit", list.toString(), "--to", to);
    assertEquals(1, gaps.exitCode(), gaps.toString());
    List<String> lines = gaps.lines();
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("gap     " + to + "/multi:1: layer " + lostLayer) && l.contains("of " + armDigest
        + " (linux/arm64) is missing")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("missing " + to + "/one:2: not there (the source has sha256:")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("stale   " + to + "/one:1: holds sha256:")), lines.toString());
    assertTrue(gaps.stderr().contains(": 0 whole, 1 missing, 1 stale, 1 with content missing (1 gap)"), gaps.stderr());
    assertEquals(blobGets, dst.requests().stream().filter(r -> r.method().equals("GET") && r.path().contains("/blobs/")).count(),
        "no blob pulled: HEADs only");

    Cli.Run json = Cli.run("audit", list.toString(), "--to", to, "-o", "json");
    JsonNode gap = json.lines().stream().map(l -> {
      try {
        return new ObjectMapper().readTree(l);
      } catch (Exception e) {
        throw new AssertionError(l, e);
      }
    }).filter(n -> n.path("kind").asText().equals("gap")).findFirst().orElseThrow();
    assertEquals(to + "/multi:1", gap.path("target").asText());
    assertEquals(multi.digest(), gap.path("digest").asText());

    assertEquals(0, Cli.run("sync", list.toString(), "--to", to, "--no-history").exitCode());
    assertEquals(1, Cli.run("audit", list.toString(), "--to", to).exitCode(), "a plain sync skips a tag whose digest is right");

    Cli.Run repair = Cli.run("sync", list.toString(), "--to", to, "--no-history", "--repair");
    assertEquals(0, repair.exitCode(), repair.toString());
    assertTrue(repair.lines().stream().anyMatch(l -> l.startsWith("copied") && l.contains("/multi:1") && l.contains("repaired: 1 missing part"
        + " sent again")), repair.toString());
    Cli.Run after = Cli.run("audit", list.toString(), "--to", to);
    assertEquals(0, after.exitCode(), after.toString());
    Skopeo.copyAllToDirectory(to + "/multi:1", tmp.resolve("check"));
  }
}
