package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestProxy;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C in the middle of a run: one line, the records and report of what finished, exit 130. */
@ExtendWith(RegistryExtension.class)
class InterruptIT {

  @TempDir Path dir;

  @Test
  void ctrlCKeepsWhatFinishedAndSaysSo(TestRegistry sourceRegistry, TestRegistry destinationRegistry) throws Exception {
    RawRegistry src = new RawRegistry(sourceRegistry);
    new TestImages(src).single("fast/app", "1", "linux/amd64", "interrupt", true);
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        while (!silent.isClosed()) {
          try {
            held.add(silent.accept()); // a source that never answers: its image never finishes
          } catch (IOException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
      Path list = dir.resolve("images.md");
      Files.writeString(list, src.address() + "/fast/app:1\n127.0.0.1:" + silent.getLocalPort() + "/slow/other:1\n");
      Path out = dir.resolve("out.txt");
      Path err = dir.resolve("err.txt");
      Path report = dir.resolve("report.json");
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", Cli.jar().toAbsolutePath().toString(),
          "sync", list.toString(), "--to", destinationRegistry.address() + "/ns", "--report", report.toString());
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.readString(out).contains("copied ") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(Files.readString(out).contains("copied "), "the fast image finished first: " + Files.readString(err));
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped");

      assertEquals(130, p.exitValue());
      String stderr = Files.readString(err);
      assertTrue(stderr.contains("imagesync: interrupted: 1 of 2 images finished and are recorded\n  the report of those is in " + report + "\n"), stderr);
      assertTrue(Files.readString(report).contains("fast/app"), Files.readString(report));
      assertTrue(Files.readString(dir.resolve("transfer_history.md")).contains("/ns/app:1"));
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /** A docker archive being written when the run is stopped: no half-written tar is left beside PATH, and PATH is as it was. */
  @Test
  void ctrlCLeavesNoHalfWrittenDockerArchive(TestRegistry sourceRegistry) throws Exception {
    RawRegistry src = new RawRegistry(sourceRegistry);
    TestImages.Pushed image = new TestImages(src).image("big/model", "linux/amd64", 1, 2 << 20, "interrupt-archive", true);
    src.pushManifest("big/model", "1", image.mediaType(), image.bytes());
    // The layer's first MiB, then nothing for a minute: the run is stopped in the middle of writing the archive.
    try (TestProxy source = TestProxy.pausingBlobs(src.address(), 2 << 20, 1 << 20, 60_000)) {
      Path archive = dir.resolve("model.tar");
      Path partial = dir.resolve("model.tar.imagesync-partial");
      Path err = dir.resolve("archive-err.txt");
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", Cli.jar().toAbsolutePath().toString(),
          "copy", source.address() + "/big/model:1", "docker-archive:" + archive);
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(dir.resolve("archive-out.txt").toFile())
          .redirectError(err.toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(Files.exists(partial) && Files.size(partial) > (1 << 19)) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(Files.exists(partial) && Files.size(partial) > (1 << 19), "the archive is being written: " + Files.readString(err));
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped");

      assertEquals(130, p.exitValue(), Files.readString(err));
      assertFalse(Files.exists(partial), "the half-written archive is removed");
      assertFalse(Files.exists(archive), "PATH is as it was: not there");
    }
  }

  @Test
  void ctrlCCancelsBothUploadsStillOpenAtTheDestinationAndTriesNothingAgain(TestRegistry sourceRegistry, TestRegistry destinationRegistry) throws Exception {
    RawRegistry src = new RawRegistry(sourceRegistry);
    TestImages.Pushed image = new TestImages(src).image("big/app", "linux/amd64", 2, 3 << 20, "interrupt-upload", true);
    src.pushManifest("big/app", "1", image.mediaType(), image.bytes());
    // The source sends nothing more of either layer for a minute: the destination's uploads of both stay open.
    try (TestProxy slowSource = TestProxy.pausingBlobs(src.address(), (1 << 20) + 1, 1, 60_000)) {
      Path err = dir.resolve("err.txt");
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", Cli.jar().toAbsolutePath().toString(),
          "copy", slowSource.address() + "/big/app:1", destinationRegistry.address() + "/ns/app:1");
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err.toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (destinationRegistry.count("PUT", "/blobs/uploads/") == 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      // The registry logs a request when it ends, so the first blob PUT seen is the small config; the layers' are under way.
      Thread.sleep(1000);
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped");

      assertEquals(130, p.exitValue());
      String stderr = Files.readString(err);
      assertTrue(stderr.contains("imagesync: interrupted: 0 of 1 images finished and are recorded\n  2 open uploads cancelled\n"), stderr);
      assertTrue(stderr.lines().filter(l -> l.contains("interrupted") || l.startsWith("  ")).allMatch(l -> l.length() <= 80),
          "fits an 80-column terminal: " + stderr);
      assertFalse(stderr.contains("trying again"), "nothing is tried again once stopping: " + stderr);
      assertEquals(2, destinationRegistry.count("DELETE", "/v2/ns/app/blobs/uploads/"), destinationRegistry.logText());
      // Distribution answers a DELETE that races the session's own PUT with 404 BLOB_UPLOAD_INVALID, and cancels it all the same.
      assertEquals(List.of(), destinationRegistry.openUploads("ns/app"), "no upload session left at the registry");
      assertTrue(new RawRegistry(destinationRegistry).getManifest("ns/app", "1").isEmpty(), "no tag for an unfinished image");
    }
  }
}
