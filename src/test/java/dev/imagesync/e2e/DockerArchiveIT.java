package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.StubHttpServer;
import dev.imagesync.testing.TestProxy;
import dev.imagesync.testing.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-archive: both ways, held to skopeo's own docker-archive transport (containers/image's
 * docker/tarfile, what docker save and docker load agree with): an image imagesync writes skopeo
 * reads, and one skopeo writes imagesync reads. Real images here (tar layers, gzip, true diff IDs):
 * skopeo decompresses layers on the way into an archive.
 */
@ExtendWith(RegistryExtension.class)
class DockerArchiveIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** A real single-layer image for {@code arch}: its config digest, pushed as an OCI manifest under {@code tag}; returns the manifest's JSON. */
  private JsonNode realImage(RawRegistry registry, String repo, String tag, String arch, String content) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("layer-" + arch + "-" + tag));
    Files.writeString(dir.resolve("hello.txt"), content);
    Path tarFile = tmp.resolve("layer-" + arch + "-" + tag + ".tar");
    run(List.of("tar", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner", "-cf", tarFile.toString(), "-C", dir.toString(), "hello.txt"));
    byte[] tar = Files.readAllBytes(tarFile);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(tar);
    }
    String layer = registry.pushBlob(repo, gz.toByteArray());
    byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"cat\",\"/hello.txt\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + RawRegistry.sha256(tar) + "\"]}}").getBytes(StandardCharsets.UTF_8);
    String configDigest = registry.pushBlob(repo, config);
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},\"layers\":[{"
        + "\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layer + "\",\"size\":" + gz.size() + "}]}";
    registry.pushManifest(repo, tag, "application/vnd.oci.image.manifest.v1+json", manifest.getBytes(StandardCharsets.UTF_8));
    return JSON.readTree(manifest);
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    return out;
  }

  private static String skopeo(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("skopeo"));
    command.addAll(List.of(args));
    return run(command);
  }

  @Test
  void anArchiveImagesyncWritesIsOneSkopeoReadsWithTheSameConfigAndLayers(TestRegistry src, TestRegistry dst) throws Exception {
    RawRegistry registry = new RawRegistry(src);
    JsonNode amd = realImage(registry, "real/app", "amd", "amd64", "hello from amd64\n");
    JsonNode arm = realImage(registry, "real/app", "arm", "arm64", "hello from arm64\n");
    String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
        + entry(registry, "amd", "amd64") + "," + entry(registry, "arm", "arm64") + "]}";
    registry.pushManifest("real/app", "1", "application/vnd.oci.image.index.v1+json", index.getBytes(StandardCharsets.UTF_8));
    Path archive = tmp.resolve("out/app.tar");

    Cli.Run run = Cli.run("copy", src.address() + "/real/app:1", "docker-archive:" + archive, "--arch", "arm64", "--no-history");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.stdout().contains("-> docker-archive:" + archive + ":" + src.address() + "/real/app:1"), run.stdout());
    assertFalse(Files.exists(archive.resolveSibling("app.tar.imagesync-partial")), "no partial file left");

    // skopeo reads it: the config is the arm64 image's, byte for byte; its layer is there.
    JsonNode config = JSON.readTree(skopeo("inspect", "--config", "--raw", "docker-archive:" + archive));
    assertEquals("arm64", config.path("architecture").asText());
    String configDigest = arm.path("config").path("digest").asText();
    assertEquals(configDigest, RawRegistry.sha256(skopeo("inspect", "--config", "--raw", "docker-archive:" + archive).getBytes(StandardCharsets.UTF_8)));
    JsonNode inspected = JSON.readTree(skopeo("inspect", "docker-archive:" + archive));
    assertEquals(1, inspected.path("Layers").size(), inspected.toString());
    // And what skopeo loads from it runs to a registry as an image whose config is the same.
    skopeo("copy", "-q", "--dest-tls-verify=false", "docker-archive:" + archive, "docker://" + dst.address() + "/loaded/app:1");
    JsonNode loaded = JSON.readTree(new RawRegistry(dst).getManifest("loaded/app", "1").orElseThrow().bytes());
    assertEquals(configDigest, loaded.path("config").path("digest").asText(), "the config digest is kept");

    Cli.Run several = Cli.run("copy", src.address() + "/real/app:1", "docker-archive:" + tmp.resolve("all.tar"), "--no-history");
    assertEquals(0, several.exitCode(), several.toString());
    assertTrue(several.stderr().contains("a docker archive holds one platform: amd64 (this machine's; --arch picks another)"), several.stderr());
    assertEquals("amd64", JSON.readTree(skopeo("inspect", "--config", "--raw", "docker-archive:" + tmp.resolve("all.tar")))
        .path("architecture").asText());
    assertEquals(amd.path("config").path("digest").asText(), RawRegistry.sha256(skopeo("inspect", "--config", "--raw",
        "docker-archive:" + tmp.resolve("all.tar")).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * sync --to docker-archive:FILE: every image of the list in one tar, each named as docker save
   * names it, which skopeo reads by those names; an image whose layer arrives corrupt fails alone —
   * its half is cut off the tar again — and the others are in the archive.
   */
  @Test
  void syncWritesEveryImageIntoOneArchiveAndOneCorruptLayerCostsOnlyItsImage(TestRegistry src) throws Exception {
    RawRegistry registry = new RawRegistry(src);
    JsonNode one = realImage(registry, "real/one", "1", "amd64", "first image\n");
    JsonNode two = realImage(registry, "real/two", "1", "amd64", "second image\n");
    JsonNode bad = realImage(registry, "real/bad", "1", "amd64", "its layer arrives corrupt\n");
    String badLayer = bad.path("layers").get(0).path("digest").asText();
    // The bad image's layer comes through a proxy that flips one byte of it: the same length, another digest.
    try (TestProxy corrupting = new TestProxy(src.address(), seen -> java.util.Optional.empty(), (seen, reply) -> {
      if (seen.method().equals("GET") && seen.path().endsWith("/blobs/" + badLayer) && reply.body() != null) {
        byte[] flipped = reply.body().clone();
        flipped[flipped.length / 2] ^= 1;
        return new StubHttpServer.Reply(reply.status(), reply.headers(), flipped);
      }
      return reply;
    })) {
      Path list = tmp.resolve("images.md");
      Files.writeString(list, src.address() + "/real/one:1\n" + src.address() + "/real/two:1\n" + corrupting.address() + "/real/bad:1\n");
      Path archive = tmp.resolve("usb/all.tar");

      Cli.Run run = Cli.run("sync", list.toString(), "--to", "docker-archive:" + archive, "--no-history", "--retries", "0");
      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(run.stdout().contains("-> docker-archive:" + archive + ":" + src.address() + "/real/one:1"), run.stdout());
      assertTrue(run.stdout().contains("-> docker-archive:" + archive + ":" + src.address() + "/real/two:1"), run.stdout());
      assertTrue(run.stdout().lines().anyMatch(l -> l.startsWith("failed") && l.contains("/real/bad:1") && l.contains("arrived as")), run.stdout());
      assertFalse(Files.exists(archive.resolveSibling("all.tar.imagesync-partial")), "no partial file left");

      JsonNode manifest = JSON.readTree(run(List.of("tar", "-xOf", archive.toString(), "manifest.json")));
      assertEquals(2, manifest.size(), manifest.toString());
      assertFalse(run(List.of("tar", "-tf", archive.toString())).contains(badLayer.substring("sha256:".length())),
          "the corrupt layer was cut off the tar");
      for (var image : List.of(List.of("real/one", one), List.of("real/two", two))) {
        String name = src.address() + "/" + image.get(0) + ":1";
        String config = ((JsonNode) image.get(1)).path("config").path("digest").asText();
        assertEquals(config, RawRegistry.sha256(skopeo("inspect", "--config", "--raw", "docker-archive:" + archive + ":" + name)
            .getBytes(StandardCharsets.UTF_8)), name);
      }
    }
  }

  private static String entry(RawRegistry registry, String tag, String arch) {
    RawRegistry.Fetched m = registry.getManifest("real/app", tag).orElseThrow();
    return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + m.digest() + "\",\"size\":" + m.bytes().length
        + ",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}}";
  }

  @Test
  void anArchiveSkopeoWritesIsOneImagesyncReads(TestRegistry src, TestRegistry dst) throws Exception {
    RawRegistry registry = new RawRegistry(src);
    JsonNode image = realImage(registry, "real/one", "1", "amd64", "hello\n");
    JsonNode other = realImage(registry, "real/two", "1", "amd64", "another\n");
    Path archive = tmp.resolve("skopeo.tar");
    skopeo("copy", "-q", "--src-tls-verify=false", "docker://" + src.address() + "/real/one:1", "docker-archive:" + archive + ":real/one:1");

    Cli.Run run = Cli.run("copy", "docker-archive:" + archive + ":real/one:1", dst.address() + "/from-archive/one:1", "--no-history");
    assertEquals(0, run.exitCode(), run.toString());
    JsonNode copied = JSON.readTree(new RawRegistry(dst).getManifest("from-archive/one", "1").orElseThrow().bytes());
    assertEquals(image.path("config").path("digest").asText(), copied.path("config").path("digest").asText(), "the config digest is kept");
    JsonNode config = JSON.readTree(new RawRegistry(dst).blob("from-archive/one", copied.path("config").path("digest").asText()));
    assertEquals(config.path("rootfs").path("diff_ids").get(0).asText(), copied.path("layers").get(0).path("digest").asText(),
        "skopeo stored the layer uncompressed: its digest is its diff ID");
    Path check = tmp.resolve("check");
    skopeo("copy", "-q", "--src-tls-verify=false", "docker://" + dst.address() + "/from-archive/one:1", "dir:" + check);

    // Several images in one tar, as docker save writes them: NAME:TAG picks one; none named is refused with the names.
    Path two = tmp.resolve("two.tar");
    skopeo("copy", "-q", "--src-tls-verify=false", "docker://" + src.address() + "/real/two:1", "docker-archive:" + two + ":real/two:1");
    Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
    run(List.of("tar", "-xf", archive.toString(), "-C", unpacked.toString()));
    run(List.of("tar", "-xf", two.toString(), "-C", unpacked.toString()));
    JsonNode first = JSON.readTree(run(List.of("tar", "-xOf", archive.toString(), "manifest.json")));
    JsonNode second = JSON.readTree(run(List.of("tar", "-xOf", two.toString(), "manifest.json")));
    Files.writeString(unpacked.resolve("manifest.json"), "[" + first.get(0) + "," + second.get(0) + "]");
    Path both = tmp.resolve("both.tar");
    List<String> tarBoth = new ArrayList<>(List.of("tar", "-cf", both.toString(), "-C", unpacked.toString()));
    try (var files = Files.list(unpacked)) {
      files.forEach(f -> tarBoth.add(f.getFileName().toString()));
    }
    run(tarBoth);
    Cli.Run unnamed = Cli.run("copy", "docker-archive:" + both, dst.address() + "/x/any:1", "--no-history", "--retries", "0");
    assertEquals(1, unnamed.exitCode(), unnamed.toString());
    assertTrue(unnamed.stdout().contains("it holds 2 images; name one: docker-archive:" + both + ":NAME:TAG"), unnamed.stdout());
    Cli.Run named = Cli.run("copy", "docker-archive:" + both + ":real/two:1", dst.address() + "/x/two:1", "--no-history");
    assertEquals(0, named.exitCode(), named.toString());
    assertEquals(other.path("config").path("digest").asText(), JSON.readTree(new RawRegistry(dst).getManifest("x/two", "1").orElseThrow().bytes())
        .path("config").path("digest").asText());
  }
}
