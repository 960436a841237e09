package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The records on a disk that is full, for real: a small tmpfs mounted for the test and filled.
 * No tag is written whose record could not be kept; rows that could not be written make the run
 * fail with one line naming the file and why, and the next run with room writes them.
 */
@ExtendWith(RegistryExtension.class)
class FullDiskIT {

  @TempDir Path dir;
  private Path records;

  @BeforeEach
  void mountASmallDisk() throws Exception {
    records = Files.createDirectories(dir.resolve("records"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "imagesync-test", records.toString())
        .redirectErrorStream(true).start();
    String said = new String(mount.getInputStream().readAllBytes());
    assertTrue(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0,
        "FullDiskIT mounts a 256 KiB tmpfs to fill: it needs root where mount is allowed (as on the project machine and in CI): " + said);
  }

  @AfterEach
  void unmount() throws Exception {
    new ProcessBuilder("umount", "-l", records.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
  }

  /** Fills the disk with one file, then gives {@code leave} bytes back. */
  private Path fill(long leave) throws IOException {
    Path filler = records.resolve("filler");
    byte[] chunk = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException full) {
      // the disk is full
    }
    try (FileChannel f = FileChannel.open(filler, StandardOpenOption.WRITE)) {
      f.truncate(Math.max(0, f.size() - leave));
    }
    return filler;
  }

  private String[] sync(String list, String destination) {
    return new String[] {"sync", list, "--to", destination + "/mirror",
        "--history", records.resolve("transfer_history.md").toString(), "--image-list", records.resolve("image_list.md").toString()};
  }

  private List<Pushed> twoImages(RawRegistry src) throws IOException {
    TestImages images = new TestImages(src);
    List<Pushed> pushed = List.of(images.single("full/app1", "v1", "linux/amd64", "full-1", true),
        images.single("full/app2", "v1", "linux/amd64", "full-2", false));
    Files.writeString(dir.resolve("images.md"), src.address() + "/full/app1:v1\n" + src.address() + "/full/app2:v1\n");
    return pushed;
  }

  @Test
  void onAFullDiskNoTagIsWrittenAndTheNextRunWithRoomCopiesAndRecordsThem(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    List<Pushed> pushed = twoImages(src);
    Path filler = fill(0);

    Cli.Run full = Cli.runIn(dir, List.of(), Map.of(), sync("images.md", dst.address()));

    assertEquals(1, full.exitCode(), full.toString());
    Path pending = records.resolve(".transfer_history.md.pending");
    assertTrue(full.stderr().contains("not tagged, as its record could not be kept: cannot write " + pending + ": No space left on device"),
        full.stderr());
    assertEquals(Optional.empty(), dst.getManifest("mirror/app1", "v1"), "no tag without its record");
    assertEquals(Optional.empty(), dst.getManifest("mirror/app2", "v1"));
    assertFalse(Files.exists(records.resolve("transfer_history.md")));
    try (var left = Files.list(records)) {
      assertEquals(List.of("filler"), left.map(p -> p.getFileName().toString()).toList(), "nothing half-written left behind");
    }

    Files.delete(filler);
    Cli.Run next = Cli.runIn(dir, List.of(), Map.of(), sync("images.md", dst.address()));

    assertEquals(0, next.exitCode(), next.toString());
    assertEquals(pushed.get(0).digest(), dst.getManifest("mirror/app1", "v1").orElseThrow().digest());
    assertEquals(pushed.get(1).digest(), dst.getManifest("mirror/app2", "v1").orElseThrow().digest());
    String history = Files.readString(records.resolve("transfer_history.md"));
    assertEquals(2, history.lines().filter(l -> l.contains("/mirror/app") && l.contains("sha256:")).count(), history);
  }

  @Test
  void rowsThatDoNotFitFailTheRunInOneLineAndTheNextRunWritesThem(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    List<Pushed> pushed = twoImages(src);
    // A history of 100 KiB: rewriting it needs room for a copy, which the disk no longer has; the
    // lines of the pending file (a few hundred bytes) and a new image list still fit.
    StringBuilder rows = new StringBuilder("| Source | Target | Digest | Time (UTC) |\n|---|---|---|---|\n");
    for (int i = 0; rows.length() < 100 * 1024; i++) {
      rows.append("| docker.io/library/old").append(i).append(":1 | r.example/ns/old").append(i).append(":1 | sha256:")
          .append("0".repeat(64)).append(" | 2026-01-01 00:00:00 |\n");
    }
    Path history = records.resolve("transfer_history.md");
    Files.writeString(history, rows);
    Path filler = fill(40 * 1024);

    Cli.Run full = Cli.runIn(dir, List.of(), Map.of(), sync("images.md", dst.address()));

    assertEquals(1, full.exitCode(), full.toString());
    Path pending = records.resolve(".transfer_history.md.pending");
    List<String> lines = full.stderr().lines().filter(l -> l.startsWith("imagesync: records not written: ")).toList();
    assertEquals(List.of("imagesync: records not written: cannot update " + history + ": No space left on device (2 copied tags not recorded: kept in "
        + pending + ", recorded by the next run that finds them up to date)"), lines, full.stderr());
    assertEquals(pushed.get(0).digest(), dst.getManifest("mirror/app1", "v1").orElseThrow().digest(), "copied, its record kept");
    assertEquals(rows.toString(), Files.readString(history), "the history as it was, not half of a new one");
    assertEquals(2, Files.readAllLines(pending).size());
    assertTrue(Files.readString(records.resolve("image_list.md")).contains("/mirror/app2:v1"));

    Files.delete(filler);
    Cli.Run next = Cli.runIn(dir, List.of(), Map.of(), sync("images.md", dst.address()));

    assertEquals(0, next.exitCode(), next.toString());
    assertTrue(next.stderr().contains("0 copied, 2 skipped"), next.stderr());
    String written = Files.readString(history);
    assertTrue(written.startsWith(rows.toString()), "the old rows kept");
    List<String> added = written.substring(rows.length()).lines().toList();
    assertEquals(2, added.size(), written.substring(rows.length()));
    for (int i = 0; i < 2; i++) {
      String row = added.get(i);
      assertTrue(row.contains("/mirror/app") && row.contains(pushed.get(row.contains("app1") ? 0 : 1).digest()) && row.endsWith("(recorded by a later run) |"), row);
    }
    assertFalse(Files.exists(pending), "nothing left pending");
  }
}
