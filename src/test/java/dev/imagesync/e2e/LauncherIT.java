package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
