package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutTempFilesTest {

  @TempDir Path dir;

  private static long finishedPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private Path file(Path folder, String name) throws Exception {
    Files.createDirectories(folder);
    return Files.writeString(folder.resolve(name), "partial");
  }

  @Test
  void whatWritersThatAreGoneLeftIsRemovedOnceAndNothingElse() throws Exception {
    Path blobs = dir.resolve("blobs/sha256");
    String mine = LayoutTempFiles.beside(blobs.resolve("abc")).getFileName().toString();
    String host = mine.substring(mine.indexOf('@') + 1, mine.length() - ".tmp".length());
    long dead = finishedPid();
    long alive = ProcessHandle.current().parent().orElseThrow().pid();

    Path killed = file(blobs, ".abc.imagesync-" + dead + "-7@" + host + ".tmp");
    Path killedIndex = file(dir, ".index.json.imagesync-" + dead + "-7@" + host + ".tmp");
    Path running = file(blobs, ".abd.imagesync-" + alive + "-7@" + host + ".tmp");
    Path elsewhere = file(blobs, ".abe.imagesync-" + dead + "-7@another-machine.tmp");
    Path earlierOld = file(blobs, ".abf." + dead + ".7.tmp");
    Files.setLastModifiedTime(earlierOld, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
    Path earlierRecent = file(blobs, ".abg." + dead + ".7.tmp");
    Path blob = file(blobs, "abc");
    Path mineNow = file(blobs, mine);

    assertEquals(3, LayoutTempFiles.clearOnce(dir));
    assertFalse(Files.exists(killed));
    assertFalse(Files.exists(killedIndex));
    assertFalse(Files.exists(earlierOld));
    for (Path kept : new Path[] {running, elsewhere, earlierRecent, blob, mineNow}) {
      assertTrue(Files.exists(kept), kept + " is kept");
    }

    file(blobs, ".abh.imagesync-" + dead + "-7@" + host + ".tmp");
    assertEquals(0, LayoutTempFiles.clearOnce(dir), "once per directory and run");
  }
}
