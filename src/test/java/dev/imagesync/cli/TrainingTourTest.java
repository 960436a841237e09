package dev.imagesync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training run's tour really runs the commands it is there to teach the cache (and they succeed). */
class TrainingTourTest {

  @Test
  void helpOfEveryCommandThenInspectAndLsAgainstTheLoopbackRegistryAllSucceed() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<Integer> codes = TrainingTour.run(new PrintWriter(out, true), new PrintWriter(err, true));

    assertEquals(Collections.nCopies(13, 0), codes, "every command of the tour succeeded: " + err);
    String said = out.toString();
    assertTrue(said.contains("linux/amd64") && said.contains("linux/arm64"), "inspect read the index and its platforms: " + said);
    assertTrue(said.contains("\"mediaType\":\"application/vnd.oci.image.index.v1+json\""), "inspect -o json: " + said);
    assertTrue(said.lines().anyMatch(l -> l.startsWith("1") && l.contains("sha256:")), "ls --digests listed the tag with its digest: " + said);
    assertEquals("", err.toString());
  }
}
