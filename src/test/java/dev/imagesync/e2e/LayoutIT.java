package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The air gap: a registry into OCI image layout directories ({@code --to oci:DIR}), and those
 * directories into another registry, digests unchanged, each step checked by skopeo reading the
 * layout as well.
 */
@ExtendWith(RegistryExtension.class)
class LayoutIT {

  @TempDir Path tmp;

  private Path file(String name, String text) throws IOException {
    Path f = tmp.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private static JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  @Test
  void registryToDirectoriesAndOnToAnotherRegistry(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    Pushed amd = images.image("org/app", "linux/amd64", 2, 30_000, "layout", true);
    Pushed arm = images.image("org/app", "linux/arm64", 2, 30_000, "layout", true);
    Pushed att = images.attestation("org/app", amd, "layout");
    Pushed index = images.index("org/app", "1.0", true, List.of(amd, arm, att));
    Pushed tool = images.single("org/tool", "2", "linux/amd64", "tool", false);
    Path disk = tmp.resolve("disk");

    // Machine A: registry -> directory, as one run of a list.
    Path list = file("images.json", "[{\"source\": \"" + src.address() + "/org/app:1.0\", \"target\": \"app\", \"tags\": [\"1.0\", \"stable\"]},"
        + " {\"source\": \"" + src.address() + "/org/tool:2\"}]");
    Cli.Run out = Cli.run("sync", list.toString(), "--to", "oci:" + disk);
    assertEquals(0, out.exitCode(), out.toString());
    Path app = disk.resolve("app");
    assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(app.resolve("oci-layout")));
    JsonNode appIndex = json(app.resolve("index.json"));
    assertEquals(2, appIndex.path("manifests").size(), appIndex.toString());
    for (JsonNode e : appIndex.path("manifests")) {
      assertEquals(index.digest(), e.path("digest").asText());
    }
    assertArrayEquals(index.bytes(), Files.readAllBytes(app.resolve("blobs/sha256/" + index.digest().substring(7))));
    assertArrayEquals(index.bytes(), Skopeo.inspectRawOf("oci:" + app + ":1.0"), "skopeo reads the layout");
    // A Docker v2.2 image is kept as it is (its digest would change as OCI); skopeo looks only for
    // OCI types in index.json, so this one is checked by its bytes, and on its way back below.
    JsonNode toolIndex = json(disk.resolve("tool/index.json")).path("manifests").path(0);
    assertEquals("2", toolIndex.path("annotations").path("org.opencontainers.image.ref.name").asText());
    assertEquals(tool.digest(), toolIndex.path("digest").asText());
    assertEquals(TestImages.DOCKER_MANIFEST, toolIndex.path("mediaType").asText());
    assertArrayEquals(tool.bytes(), Files.readAllBytes(disk.resolve("tool/blobs/sha256/" + tool.digest().substring(7))));
    try (Stream<Path> files = Files.walk(disk)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no partial file left");
    }

    // The same run again: digests compared against index.json, nothing written.
    FileTime written = Files.getLastModifiedTime(app.resolve("index.json"));
    Cli.Run again = Cli.run("sync", list.toString(), "--to", "oci:" + disk);
    assertEquals(0, again.exitCode(), again.toString());
    assertEquals(3, again.linesStartingWith("skipped").size(), again.toString());
    assertEquals(written, Files.getLastModifiedTime(app.resolve("index.json")));

    // skopeo copies every image of the layout into a registry: it is complete.
    Skopeo.copyAll("oci:" + app + ":1.0", "docker://" + dst.address() + "/by-skopeo/app:1.0");
    assertArrayEquals(index.bytes(), dst.getManifest("by-skopeo/app", "1.0").orElseThrow().bytes());

    // Machine B: directory -> registry, every tag of the directory.
    Path back = file("back.json", "[{\"source\": \"oci:" + app + "\", \"target\": \"app\", \"allTags\": true},"
        + " {\"source\": \"oci:" + disk.resolve("tool") + ":2\", \"target\": \"tool\"}]");
    Cli.Run restore = Cli.run("sync", back.toString(), "--to", dst.address() + "/mirror");
    assertEquals(0, restore.exitCode(), restore.toString());
    assertArrayEquals(index.bytes(), dst.getManifest("mirror/app", "1.0").orElseThrow().bytes());
    assertArrayEquals(index.bytes(), dst.getManifest("mirror/app", "stable").orElseThrow().bytes());
    assertArrayEquals(att.bytes(), dst.getManifest("mirror/app", att.digest()).orElseThrow().bytes());
    assertArrayEquals(tool.bytes(), Skopeo.inspectRaw(dst.address() + "/mirror/tool:2"));
    Skopeo.copyAllToDirectory(dst.address() + "/mirror/app:1.0", tmp.resolve("verify"));
  }

  @Test
  void aLayoutSkopeoWroteIsReadAndCopyTakesOciReferencesBothWays(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    Pushed index = new TestImages(src).multiArch("org/web", "3", true, "web", 1, 5000, "linux/amd64", "linux/arm/v7");
    Path bySkopeo = tmp.resolve("by-skopeo");
    Skopeo.copyAll("docker://" + src.address() + "/org/web:3", "oci:" + bySkopeo + ":3");

    Cli.Run in = Cli.run("copy", "oci:" + bySkopeo + ":3", dst.address() + "/ns/web:3");
    assertEquals(0, in.exitCode(), in.toString());
    assertArrayEquals(index.bytes(), dst.getManifest("ns/web", "3").orElseThrow().bytes());

    Path mine = tmp.resolve("mine");
    Cli.Run out = Cli.run("copy", "--arch", "arm/v7", dst.address() + "/ns/web:3", "oci:" + mine + ":arm");
    assertEquals(0, out.exitCode(), out.toString());
    byte[] subset = Skopeo.inspectRawOf("oci:" + mine + ":arm");
    assertTrue(new String(subset).contains("\"arm\"") && !new String(subset).contains("amd64"), new String(subset));

    Cli.Run missing = Cli.run("copy", "oci:" + tmp.resolve("nothing-here") + ":1", dst.address() + "/ns/none:1");
    assertEquals(1, missing.exitCode(), missing.toString());
    assertTrue(missing.stdout().contains("not found"), missing.stdout());

    // A layer file gone from the directory: the directory's failure, named there, not retried,
    // not blamed on the registry it was going to.
    Path layer;
    try (var blobs = Files.list(bySkopeo.resolve("blobs/sha256"))) {
      layer = blobs.filter(p -> p.toFile().length() >= 5000).findFirst().orElseThrow();
    }
    Files.delete(layer);
    Cli.Run broken = Cli.run("copy", "oci:" + bySkopeo + ":3", dst.address() + "/ns/broken:3", "--retries", "3");
    assertEquals(1, broken.exitCode(), broken.toString());
    assertTrue(broken.stdout().contains("is not in blobs/ (" + layer + ")"), broken.stdout());
    assertFalse(broken.stdout().contains("connection to"), broken.stdout());
    assertFalse(broken.stderr().contains("trying again"), "a missing file is not retried: " + broken.stderr());
  }

  /**
   * Ref names as the image-layout specification allows them, written by skopeo itself ({@code
   * a/b}, {@code a:b}, {@code v1.0+build.5}), and a layout of one untagged image (as buildx and
   * oras write it): all of it copied, each ref name a registry cannot hold as a tag repaired and
   * said (two repaired alike: the second fails alone), and one entry that cannot be read does not
   * stop the others.
   */
  @Test
  void refNamesTheSpecAllowsAndAnUntaggedLayoutAreCopied(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    Pushed one = images.single("refs/one", "1", "linux/amd64", "ref-one", true);
    Pushed two = images.single("refs/two", "1", "linux/amd64", "ref-two", false);
    Path layout = tmp.resolve("refs");
    Skopeo.copyAll("docker://" + src.address() + "/refs/one:1", "oci:" + layout + ":a/b");
    Skopeo.copyAll("docker://" + src.address() + "/refs/two:1", "oci:" + layout + ":a:b");
    Skopeo.copyAll("docker://" + src.address() + "/refs/one:1", "oci:" + layout + ":v1.0+build.5");
    Path untagged = tmp.resolve("untagged");
    Skopeo.copyAll("docker://" + src.address() + "/refs/two:1", "oci:" + untagged);

    Path list = tmp.resolve("layouts.json");
    Files.writeString(list, "[{\"source\": \"oci:" + layout + "\", \"target\": \"" + dst.address() + "/mirror/refs\", \"allTags\": true},"
        + " {\"source\": \"oci:" + tmp.resolve("not-a-layout") + "\", \"target\": \"" + dst.address() + "/mirror/none\", \"allTags\": true},"
        + " {\"source\": \"oci:" + untagged + "\", \"target\": \"" + dst.address() + "/mirror/untagged\", \"tags\": [\"1\"]}]");
    Cli.Run run = Cli.run("sync", list.toString(), "--no-history");

    assertEquals(1, run.exitCode(), "the entry that is no layout fails, and a:b, alone: " + run);
    assertEquals(one.digest(), dst.getManifest("mirror/refs", "a-b").orElseThrow().digest(), "a/b, first in the layout");
    assertTrue(run.stdout().contains("ref name 'a:b' would be written as a-b, as 'a/b' is"), "a:b fails alone: " + run.stdout());
    assertEquals(one.digest(), dst.getManifest("mirror/refs", "v1.0-build.5").orElseThrow().digest());
    assertEquals(two.digest(), dst.getManifest("mirror/untagged", "1").orElseThrow().digest(), "the one untagged image of its layout");
    assertTrue(run.stderr().contains("ref name 'v1.0+build.5' is not a registry tag: written as v1.0-build.5"), run.stderr());
    assertTrue(run.stdout().contains("not-a-layout"), "its failure is its own line: " + run.stdout());

    // copy takes a ref name too, into a registry (repaired) and into another layout (kept).
    Cli.Run copy = Cli.run("copy", "oci:" + layout + ":a/b", dst.address() + "/copied/refs");
    assertEquals(0, copy.exitCode(), copy.toString());
    assertEquals(one.digest(), dst.getManifest("copied/refs", "a-b").orElseThrow().digest());
    Path again = tmp.resolve("again");
    Cli.Run toLayout = Cli.run("copy", "oci:" + layout + ":v1.0+build.5", "oci:" + again + ":v1.0+build.5");
    assertEquals(0, toLayout.exitCode(), toLayout.toString());
    assertArrayEquals(Skopeo.inspectRawOf("oci:" + layout + ":v1.0+build.5"), Skopeo.inspectRawOf("oci:" + again + ":v1.0+build.5"));
  }

  /** Signatures travel through the air gap too: as ref names in index.json, then back to a registry. */
  @Test
  void referrersGoIntoADirectoryAndOutOfIt(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    Pushed image = images.single("org/signed", "1", "linux/amd64", "signed", true);
    Pushed sig = images.cosign("org/signed", image, ".sig", "gap");
    Pushed sbom = images.artifact("org/signed", image, "application/spdx+json", "gap");
    Pushed sbomIndex = images.referrersTag("org/signed", image, List.of(sbom), List.of("application/spdx+json"));
    Path dir = tmp.resolve("signed");
    String schemaTag = image.digest().replace(':', '-');

    Cli.Run out = Cli.run("copy", "--referrers", src.address() + "/org/signed:1", "oci:" + dir + ":1");
    assertEquals(0, out.exitCode(), out.toString());
    JsonNode index = json(dir.resolve("index.json"));
    List<String> refs = new java.util.ArrayList<>();
    index.path("manifests").forEach(e -> refs.add(e.path("annotations").path("org.opencontainers.image.ref.name").asText()));
    assertTrue(refs.containsAll(List.of("1", schemaTag + ".sig", schemaTag)), refs.toString());

    Cli.Run back = Cli.run("copy", "--referrers", "oci:" + dir + ":1", dst.address() + "/ns/signed:1");
    assertEquals(0, back.exitCode(), back.toString());
    assertArrayEquals(sig.bytes(), dst.getManifest("ns/signed", schemaTag + ".sig").orElseThrow().bytes());
    assertArrayEquals(sbom.bytes(), dst.getManifest("ns/signed", sbom.digest()).orElseThrow().bytes());
    assertArrayEquals(sbomIndex.bytes(), dst.getManifest("ns/signed", schemaTag).orElseThrow().bytes());
  }

  @Test
  void whatAKilledWriterLeftIsRemovedByTheNextRunIntoThatDirectory(TestRegistry srcRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    Pushed image = new TestImages(src).image("big/app", "linux/amd64", 1, 3 << 20, "killed-writer", true);
    src.pushManifest("big/app", "1", image.mediaType(), image.bytes());
    Path disk = tmp.resolve("killed");
    Path blobs = disk.resolve("blobs/sha256");
    // The source sends the first MiB of the layer, then nothing for a minute: the writer is killed mid-blob.
    try (dev.imagesync.testing.TestProxy slow = dev.imagesync.testing.TestProxy.pausingBlobs(src.address(), 3 << 20, 1 << 20, 60_000)) {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", Cli.jar().toAbsolutePath().toString(),
          "copy", slow.address() + "/big/app:1", "oci:" + disk + ":1").redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (temporaries(blobs).stream().noneMatch(f -> f.toFile().length() >= 1 << 20) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      p.destroyForcibly(); // SIGKILL: nothing of the run's own clean-up runs
      p.waitFor();
    }
    assertEquals(1, temporaries(blobs).size(), "the half-written layer is left: " + temporaries(blobs));

    Cli.Run next = Cli.run("copy", src.address() + "/big/app:1", "oci:" + disk + ":1");

    assertEquals(0, next.exitCode(), next.toString());
    assertEquals(List.of(), temporaries(blobs), "the next run into the directory removed it");
    assertArrayEquals(image.bytes(), Skopeo.inspectRawOf("oci:" + disk + ":1"));
  }

  private static List<Path> temporaries(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}
