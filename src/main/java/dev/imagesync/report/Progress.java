package dev.imagesync.report;

import dev.imagesync.registry.TransferMeter;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far a run has got, on stderr. On a terminal: one status line redrawn four times a second
 * (images done / total, bytes sent, rate, the biggest uploads in flight), cleared before any
 * result line and at the end. Elsewhere (CI logs): the result lines on stdout already say what
 * happened to each image, so progress adds only a timestamped line every 30 s while uploads are
 * running, for long transfers that would otherwise look stuck.
 */
public final class Progress implements AutoCloseable {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintWriter err;
  private final boolean terminal;
  private final TransferMeter meter;
  private final java.util.concurrent.atomic.AtomicInteger total;
  private final AtomicInteger done = new AtomicInteger();
  private final long start = System.nanoTime();
  private final Thread ticker;
  private final java.util.function.IntSupplier width;
  private volatile boolean running;
  private boolean drawn;

  private Progress(PrintWriter err, boolean terminal, TransferMeter meter, int total, boolean shown) {
    this.err = err;
    this.terminal = terminal;
    this.meter = meter;
    this.total = new java.util.concurrent.atomic.AtomicInteger(total);
    this.running = shown;
    this.width = new TerminalWidth(System.getenv("COLUMNS"));
    this.ticker = new Thread(this::tick, "imagesync-progress");
    ticker.setDaemon(true);
    if (shown) {
      ticker.start();
    }
  }

  /** Progress for a run of {@code total} images; with {@code quiet}, a display that shows nothing. */
  public static Progress start(PrintWriter err, boolean terminal, boolean quiet, TransferMeter meter, int total) {
    return new Progress(err, terminal, meter, total, !quiet);
  }

  /** More images joined the run (a queue's next batch). */
  public void moreJobs(int n) {
    total.addAndGet(n);
  }

  /** The images of the run so far. */
  public int total() {
    return total.get();
  }

  public void jobDone() {
    done.incrementAndGet();
  }

  /** Clears the status line so that a result line can be printed; it is redrawn on the next tick. */
  public synchronized void clear() {
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
      drawn = false;
    }
  }

  private void tick() {
    long lastLine = System.nanoTime();
    while (running) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
      if (terminal) {
        draw();
      } else if (System.nanoTime() - lastLine > 30_000_000_000L && !meter.active().isEmpty()) {
        synchronized (this) {
          err.println(CLOCK.format(LocalTime.now()) + " " + status());
          err.flush();
        }
        lastLine = System.nanoTime();
      }
    }
  }

  private synchronized void draw() {
    if (!running) {
      return;
    }
    // Never wider than the terminal: a wrapped status line is not cleared by \r and floods the scrollback.
    err.print("\r\033[K" + TerminalWidth.fit(status(), width.getAsInt()));
    err.flush();
    drawn = true;
  }

  String status() {
    double seconds = Math.max(0.001, (System.nanoTime() - start) / 1e9);
    long bytes = meter.bytes();
    StringBuilder s = new StringBuilder();
    s.append('[').append(done.get()).append('/').append(total.get()).append(" images] ")
        .append(ResultPrinter.bytes(bytes)).append(" sent, ")
        .append(ResultPrinter.bytes((long) (bytes / seconds))).append("/s");
    List<TransferMeter.Transfer> active = meter.active();
    if (!active.isEmpty()) {
      s.append(" · ").append(active.size()).append(active.size() == 1 ? " upload: " : " uploads: ");
      TransferMeter.Transfer big = active.get(0);
      s.append(big.name()).append(' ').append(ResultPrinter.bytes(big.done())).append('/').append(ResultPrinter.bytes(big.size()));
      if (big.size() > 0) {
        s.append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, big.done() * 100 / big.size())));
      }
    }
    return s.toString();
  }

  /** Stops and clears the display, leaving the terminal ready for the summary. */
  @Override
  public void close() {
    running = false;
    ticker.interrupt();
    clear();
  }
}
