package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
