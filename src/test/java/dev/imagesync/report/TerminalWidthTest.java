package dev.imagesync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TerminalWidthTest {

  @Test
  void aStatusLineIsCutToTheWidthLeavingTheLastColumnFree() {
    String line = "[3/20 images] 12.5 MiB sent, 4.1 MiB/s · 2 uploads: library/nginx@0123456789ab 1.0 MiB/48.0 MiB (2%)";
    String fitted = TerminalWidth.fit(line, 80);
    assertEquals(79, fitted.codePointCount(0, fitted.length()));
    assertTrue(fitted.endsWith("…"), fitted);
    assertEquals("short", TerminalWidth.fit("short", 80));
  }

  @Test
  void theTerminalsOwnWidthElseColumnsElse80() {
    assertEquals(132, new TerminalWidth("100", () -> 132).getAsInt());
    assertEquals(100, new TerminalWidth("100", () -> -1).getAsInt());
    assertEquals(80, new TerminalWidth("not a number", () -> -1).getAsInt());
    assertEquals(80, new TerminalWidth(null, () -> -1).getAsInt());
  }
}
