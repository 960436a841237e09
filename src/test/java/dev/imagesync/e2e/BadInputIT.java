package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that are wrong or hostile: each is one line on stderr naming what, exit 2, before anything is copied. */
class BadInputIT {

  @TempDir Path dir;

  private String refused(String... args) {
    long start = System.nanoTime();
    Cli.Run run = Cli.runIn(dir, List.of("-Xmx128m"), Map.of(), args);
    assertEquals(2, run.exitCode(), run.toString());
    assertEquals(1, run.stderr().strip().lines().count(), "one line: " + run.stderr());
    assertTrue((System.nanoTime() - start) / 1e9 < 20, "at once");
    assertTrue(!run.stderr().contains("Exception") && !run.stderr().contains("Error:"), "words, not class names: " + run.stderr());
    return run.stderr().strip();
  }

  @Test
  void yamlAliasesAreRefusedNotReadAsTheAnchorsName() throws Exception {
    Files.writeString(dir.resolve("images.yaml"), "\"127.0.0.1:5000/a:v1\": &d \"127.0.0.1:5001/x/d\"\n\"127.0.0.1:5000/a:v2\": *d\n");
    assertEquals("imagesync: images.yaml:2:24: YAML aliases (*d) are not supported in image lists; write the value out", refused("plan", "images.yaml"));
  }

  @Test
  void aBillionLaughsDocumentIsRefusedAtItsFirstAlias() throws Exception {
    StringBuilder yaml = new StringBuilder("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      yaml.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
    }
    Files.writeString(dir.resolve("images.yaml"), yaml);
    assertTrue(refused("plan", "images.yaml").contains("YAML aliases (*a) are not supported"));
  }

  @Test
  void portsOutOfRangeAreRefusedAtParseTime() throws Exception {
    for (String port : List.of("99999", "70000", "0")) {
      Files.writeString(dir.resolve("images.md"), "127.0.0.1:" + port + "/app:1\n");
      assertEquals("imagesync: images.md:1:1: image reference '127.0.0.1:" + port + "/app:1' has port " + port + " (a port is 1 to 65535)",
          refused("sync", "images.md", "--to", "127.0.0.1:5000/ns"));
    }
  }

  @Test
  void filesThatAreNotListsAreRefusedInWords() throws Exception {
    Files.writeString(dir.resolve("deep.json"), "[".repeat(5000) + "]".repeat(5000));
    assertEquals("imagesync: deep.json: not an image list: it is nested more than 1000 levels deep", refused("plan", "deep.json"));
    Files.createSymbolicLink(dir.resolve("loop1.md"), dir.resolve("loop2.md"));
    Files.createSymbolicLink(dir.resolve("loop2.md"), dir.resolve("loop1.md"));
    assertTrue(refused("plan", "loop1.md").startsWith("imagesync: loop1.md: cannot read it (too many levels of symbolic links"));
    assertEquals("imagesync: /dev/zero: is not a regular file (a device, pipe or socket); give a file, or - for standard input",
        refused("plan", "/dev/zero", "--format", "md"));
    Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("fifo.md").toString()).start();
    assertEquals(0, mkfifo.waitFor());
    assertTrue(refused("plan", "fifo.md").endsWith("fifo.md: is not a regular file (a device, pipe or socket); give a file, or - for standard input"));
  }

  @Test
  void badFlagValuesAreOneLine() throws Exception {
    Files.writeString(dir.resolve("x.md"), "127.0.0.1:1/app:1\n");
    assertEquals("imagesync: Invalid value for option '--jobs': '99999999999' is not an int (see: imagesync sync --help)",
        refused("sync", "x.md", "--jobs", "99999999999"));
    assertEquals("imagesync: --timeout: must be between 1 and 3600 seconds, got 0", refused("sync", "x.md", "--to", "127.0.0.1:5000/ns", "--timeout", "0"));
  }

  @Test
  void reportAndRecordPathsAreCheckedBeforeCopying() throws Exception {
    Files.writeString(dir.resolve("images.md"), "127.0.0.1:1/app:1\n");
    Files.createDirectory(dir.resolve("adir"));
    assertEquals("imagesync: --report: adir is a directory; give a file name", refused("sync", "images.md", "--to", "127.0.0.1:2/ns", "--report", "adir"));
    assertEquals("imagesync: --history: images.md/h.md cannot be created (" + dir.toRealPath().resolve("images.md") + " is a file, not a directory)",
        refused("sync", "images.md", "--to", "127.0.0.1:2/ns", "--history", "images.md/h.md"));
    assertTrue(refused("sync", "images.md", "--to", "127.0.0.1:2/ns", "--image-list", "adir").startsWith("imagesync: --image-list: adir is a directory"));
  }
}
