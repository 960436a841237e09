package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/imagesync installed as a link elsewhere (~/.local/bin/imagesync), links to links included, finds its JAR. */
class LauncherIT {

  @TempDir Path home;

  @Test
  void theLauncherWorksThroughSymlinksFromAnyDirectory() throws Exception {
    Path launcher = Path.of("bin/imagesync").toAbsolutePath();
    Path other = Files.createDirectories(home.resolve("opt"));
    Files.createSymbolicLink(other.resolve("imagesync"), launcher);
    Path bin = Files.createDirectories(home.resolve(".local/bin"));
    Files.createSymbolicLink(bin.resolve("imagesync"), Path.of("../../opt/imagesync"));

    ProcessBuilder pb = new ProcessBuilder(bin.resolve("imagesync").toString(), "--version").directory(home.toFile()).redirectErrorStream(true);
    pb.environment().remove("IMAGESYNC_JAR");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.startsWith("imagesync "), out);
  }

  /** The class-data archive is made by a run that does the work, never by --version (a quarter of the classes). */
  @Test
  void theClassDataArchiveIsMadeByARealRunNotByVersion() throws Exception {
    Path jar = Files.copy(Cli.jar(), home.resolve("imagesync.jar"));
    Path list = Files.writeString(home.resolve("images.md"), "127.0.0.1:1/org/app:1\n");
    assertEquals(0, launch(jar, "--version"));
    assertEquals(List.of(), archives(), "no archive from --version");
    assertEquals(0, launch(jar, "plan", list.toString(), "--to", "127.0.0.1:2/ns"));
    assertEquals(1, archives().size(), "the archive made by a plan: " + archives());
  }

  private int launch(Path jar, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of("bin/imagesync").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
    pb.environment().put("IMAGESYNC_JAR", jar.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    return p.exitValue();
  }

  private List<Path> archives() throws Exception {
    try (var files = Files.list(home)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
    }
  }

  /**
   * The README's laptop quick start, as written there, with the release download served from a
   * folder: it installs, and its second line runs in the directory the user was in (it reads
   * that directory's images.json).
   */
  @Test
  void theReadmeQuickStartInstallsAndRunsFromTheUsersDirectory() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int at = readme.indexOf("**On a laptop**");
    int from = readme.indexOf("```\n", at) + 4;
    String snippet = readme.substring(from, readme.indexOf("```", from));
    assertEquals(2, snippet.lines().count(), snippet);
    Path release = Files.createDirectories(home.resolve("release"));
    Files.copy(Cli.jar(), release.resolve("imagesync.jar"));
    Files.copy(Path.of("bin/imagesync"), release.resolve("imagesync"));
    ProcessBuilder sums = new ProcessBuilder("sh", "-c", "sha256sum imagesync.jar imagesync > SHA256SUMS").directory(release.toFile());
    assertEquals(0, sums.start().waitFor());
    String local = snippet.replace("https://github.com/OWNER/imagesync/releases/latest/download", "file://" + release)
        .replace("registry.cn-hangzhou.aliyuncs.com/myns", "127.0.0.1:1/myns");
    assertTrue(local.contains("file://"), "the download URL is the one the test replaces: " + snippet);
    Path project = Files.createDirectories(home.resolve("project"));
    Files.writeString(project.resolve("images.json"), "[{\"source\": \"127.0.0.1:1/org/app:1\"}]");

    ProcessBuilder pb = new ProcessBuilder("bash", "-c", local).directory(project.toFile()).redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("PATH", home.resolve(".local/bin") + ":" + System.getenv("PATH"));
    pb.environment().remove("IMAGESYNC_JAR");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);

    assertTrue(Files.isSymbolicLink(home.resolve(".local/bin/imagesync")), out);
    assertTrue(out.contains("imagesync.jar: OK"), "the sums were checked: " + out);
    assertFalse(out.contains("no such file"), "the second line reads the user's images.json: " + out);
    assertTrue(out.contains("127.0.0.1:1/org/app:1") && p.exitValue() == 1, "it ran the list (the registry is not there): " + out);
  }
}
