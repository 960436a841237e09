package dev.imagesync.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/action-version.sh: which imagesync the action runs, from its version input and the ref it was used at. */
class ActionVersionScriptTest {

  @TempDir Path dir;

  private String which(String wanted, String ref, int expectedExit) throws Exception {
    Path output = dir.resolve("output-" + System.nanoTime());
    Files.writeString(output, "");
    ProcessBuilder pb = new ProcessBuilder("bash", Path.of("scripts/action-version.sh").toAbsolutePath().toString()).redirectErrorStream(true);
    pb.environment().putAll(Map.of("WANTED", wanted, "ACTION_REF", ref, "GITHUB_OUTPUT", output.toString(),
        "GITHUB_ACTION_PATH", dir.toString()));
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    assertEquals(expectedExit, p.exitValue(), log);
    return String.join(" ", Files.readAllLines(output));
  }

  @Test
  void aReleaseRefOrAVersionInputDownloadsThatRelease() throws Exception {
    assertEquals("source=release tag=v1", which("", "v1", 0));
    assertEquals("source=release tag=v1.2.3", which("", "v1.2.3", 0));
    assertEquals("source=release tag=v1.4.0", which("1.4.0", "main", 0));
    assertEquals("source=release tag=v1.4.0", which("v1.4.0", "", 0));
  }

  @Test
  void aBranchACommitOrALocalCheckoutIsBuiltFromSource() throws Exception {
    for (String ref : List.of("main", "", "3f2a9c1e0b", "v1-beta-branch")) {
      assertEquals("source=source tag=source-local", which("", ref, 0), ref);
    }
  }

  @Test
  void aVersionThatIsNoReleaseIsRefused() throws Exception {
    assertEquals("", which("latest", "v1", 2));
  }
}
