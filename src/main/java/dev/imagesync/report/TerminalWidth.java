package dev.imagesync.report;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The width of the terminal stderr is drawn on, read from the terminal itself ({@code stty size}
 * on {@code /dev/tty}, the window size the kernel keeps), again every two seconds so that a
 * resized window is followed; {@code $COLUMNS}, then 80, when it cannot be read.
 */
final class TerminalWidth implements IntSupplier {

  private static final long REREAD_NANOS = 2_000_000_000L;

  private final String columnsVariable;
  private final IntSupplier terminal;
  private volatile int width = -1;
  private volatile long readAt;

  TerminalWidth(String columnsVariable) {
    this(columnsVariable, TerminalWidth::fromTerminal);
  }

  /** {@code terminal}: the width the terminal reports, or -1 when there is none to ask. */
  TerminalWidth(String columnsVariable, IntSupplier terminal) {
    this.columnsVariable = columnsVariable;
    this.terminal = terminal;
  }

  @Override
  public int getAsInt() {
    long now = System.nanoTime();
    if (width < 0 || now - readAt > REREAD_NANOS) {
      readAt = now;
      int read = terminal.getAsInt();
      width = read > 0 ? read : fallback();
    }
    return width;
  }

  private int fallback() {
    try {
      int c = Integer.parseInt(String.valueOf(columnsVariable).strip());
      return c > 0 ? c : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /** {@code stty size} answers "ROWS COLUMNS" for the terminal on its standard input. */
  private static int fromTerminal() {
    File tty = new File("/dev/tty");
    if (!tty.exists()) {
      return -1;
    }
    try {
      Process p = new ProcessBuilder("stty", "size").redirectInput(tty).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      if (!p.waitFor(1, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return -1;
      }
      String[] parts = out.split("\\s+");
      return parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  /** {@code line} cut to fit {@code width} columns (one left free: a full line wraps on some terminals). */
  static String fit(String line, int width) {
    int room = Math.max(10, width - 1);
    if (line.codePointCount(0, line.length()) <= room) {
      return line;
    }
    int end = line.offsetByCodePoints(0, room - 1);
    return line.substring(0, end) + "…";
  }
}
