package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image, built by Jib as the release workflow builds it (`mvn jib:build`, both
 * platforms) and as a user builds a tarball (`mvn jib:buildTar`), on a base image this test pushes
 * to a local registry in place of eclipse-temurin. Its config is what GitLab CI and Kubernetes
 * run: the launcher's JVM settings, a non-root user, /work, the OCI labels.
 *
 * <p>This machine cannot run containers (no Docker engine; podman's crun is refused {@code
 * setrlimit}), so the image is not started: its application layers are unpacked and run with this
 * machine's Java, as the image's entrypoint would run them, copying an image between two registries.
 */
@ExtendWith(RegistryExtension.class)
class ContainerImageIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void jibBuildsBothPlatformsAndATarballWhoseLayersRunImagesync(TestRegistry registry, TestRegistry destination) throws Exception {
    RawRegistry reg = new RawRegistry(registry);
    TestImages images = new TestImages(reg);
    // A base of two platforms whose layers are real gzip'd tars (Jib reads their compression), as eclipse-temurin's are.
    Path baseLayout = tmp.resolve("base");
    run("python3", "bench/mkimage.py", baseLayout.toString(), "--arches", "amd64,arm64", "--layers", "1", "--size", "1000", "--seed", "jre");
    String base = reg.address() + "/base/jre:17";
    run("skopeo", "copy", "-q", "--all", "--dest-tls-verify=false", "oci:" + baseLayout + ":latest", "docker://" + base);

    // What the release workflow does: both platforms, pushed.
    mvn("jib:build", "-Dimagesync.image.base=" + base, "-Dimagesync.image=" + reg.address() + "/imagesync:test",
        "-Dimagesync.image.revision=0123abc", "-Dimagesync.image.source=https://github.com/example/imagesync");
    JsonNode index = JSON.readTree(reg.getManifest("imagesync", "test").orElseThrow().bytes());
    List<String> platforms = new ArrayList<>();
    index.path("manifests").forEach(m -> platforms.add(m.path("platform").path("os").asText() + "/" + m.path("platform").path("architecture").asText()));
    assertEquals(List.of("linux/amd64", "linux/arm64"), platforms, index.toString());
    JsonNode amd64 = JSON.readTree(reg.getManifest("imagesync", index.path("manifests").get(0).path("digest").asText()).orElseThrow().bytes());
    JsonNode pushedConfig = JSON.readTree(reg.blob("imagesync", amd64.path("config").path("digest").asText()));
    JsonNode labels = pushedConfig.path("config").path("Labels");
    assertEquals("0123abc", labels.path("org.opencontainers.image.revision").asText(), labels.toString());
    assertEquals("https://github.com/example/imagesync", labels.path("org.opencontainers.image.source").asText());
    assertTrue(labels.path("org.opencontainers.image.version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), labels.toString());

    // What a user does without a registry: one platform, into a tarball.
    Path tar = tmp.resolve("image.tar");
    mvn("jib:buildTar", "-Dimagesync.image.base=" + base, "-Djib.from.platforms=linux/amd64", "-Djib.outputPaths.tar=" + tar);
    Path unpacked = Files.createDirectories(tmp.resolve("tar"));
    run("tar", "-xf", tar.toString(), "-C", unpacked.toString());
    JsonNode manifest = JSON.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
    JsonNode config = JSON.readTree(unpacked.resolve(manifest.path("Config").asText()).toFile());
    JsonNode c = config.path("config");
    assertEquals("65532:65532", c.path("User").asText(), "not root");
    assertEquals("/work", c.path("WorkingDir").asText());
    List<String> entrypoint = new ArrayList<>();
    c.path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    assertEquals(List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms16m", "-Xmx256m", "-Xlog:disable", "-Xlog:all=error:stderr",
        "--enable-native-access=ALL-UNNAMED", "-cp", "@/app/jib-classpath-file", "dev.imagesync.cli.Main"), entrypoint, "the launcher's settings");
    assertEquals("amd64", config.path("architecture").asText());

    // The image's own layers (the base's are not a file system here), unpacked as a container would.
    Path root = Files.createDirectories(tmp.resolve("root"));
    List<String> layers = new ArrayList<>();
    manifest.path("Layers").forEach(l -> layers.add(l.asText()));
    for (String layer : layers.subList(1, layers.size())) {
      run("tar", "-xzpf", unpacked.resolve(layer).toString(), "-C", root.toString()); // modes as in the layer
    }
    assertTrue(Files.isDirectory(root.resolve("work")), "the working directory is in the image");
    // imagesync by name for shells (GitLab CI scripts, sh -c): the entrypoint's very command.
    Path byName = root.resolve("usr/local/bin/imagesync");
    assertTrue(Files.isExecutable(byName), "usr/local/bin/imagesync");
    String script = Files.readString(byName).replace("\\\n", " ").replaceAll(" +", " ");
    assertTrue(script.contains("exec " + String.join(" ", entrypoint) + " \"$@\""), "the same JVM flags as the entrypoint: " + script);
    assertEquals("rwxrwxrwx", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("work"))),
        "writable by the non-root user, for the records");

    // Run it: the entrypoint, with /app where it was unpacked, copying between two registries.
    Pushed image = images.single("app/web", "1", "linux/amd64", "web", true);
    String classpath = Files.readString(root.resolve("app/jib-classpath-file")).strip().replace("/app/", root.resolve("app") + "/");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(entrypoint.subList(1, entrypoint.indexOf("-cp")));
    command.addAll(List.of("-cp", classpath, entrypoint.get(entrypoint.size() - 1),
        "copy", reg.address() + "/app/web:1", destination.address() + "/mirror/web:1", "--no-history"));
    Process p = new ProcessBuilder(command).directory(root.resolve("work").toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    assertEquals(image.digest(), new RawRegistry(destination).getManifest("mirror/web", "1").orElseThrow().digest(), out);
    List<String> versionCommand = new ArrayList<>(command.subList(0, command.indexOf("copy")));
    versionCommand.add("--version");
    Process v = new ProcessBuilder(versionCommand).redirectErrorStream(true).start();
    String said = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(v.waitFor(60, TimeUnit.SECONDS));
    assertTrue(said.matches("imagesync \\d+\\.\\d+\\.\\d+.*"), "the version, without the JAR's manifest: " + said);
  }

  /** Maven on this project, as a user or the release workflow runs it (the plugin from Maven Central). */
  private static void mvn(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-Djib.allowInsecureRegistries=true", "-Djib.console=plain"));
    command.addAll(List.of(args));
    run(5 * 60, command.toArray(String[]::new));
  }

  private static void run(String... command) throws IOException, InterruptedException {
    run(60, command);
  }

  /** {@code command} in this project's directory, which must end 0 within {@code seconds}. */
  private static void run(int seconds, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
  }
}
