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
    return status(done.get(), total.get(), meter.bytes(), Math.max(0.001, (System.nanoTime() - start) / 1e9), meter.active(),
        System.nanoTime());
  }

  /** In flight at least this much, the uploads get a time left: small ones are done before it means anything. */
  static final long ETA_FROM_BYTES = 64L << 20;

  /**
   * {@code [3/10 images] 1.2 GiB sent, 35.0 MiB/s · 2 uploads: 480.0 MiB of 1.4 GiB (34%), about 28 s left · big/model …}:
   * the images, what was sent and how fast; the uploads in flight as a whole (with the time they
   * need at the pace they have had, once that much is in flight), then the largest of them.
   */
  static String status(int done, int total, long bytes, double seconds, List<TransferMeter.Transfer> active, long nowNanos) {
    StringBuilder s = new StringBuilder();
    s.append('[').append(done).append('/').append(total).append(" images] ")
        .append(ResultPrinter.bytes(bytes)).append(" sent, ")
        .append(ResultPrinter.bytes((long) (bytes / seconds))).append("/s");
    if (active.isEmpty()) {
      return s.toString();
    }
    long size = active.stream().mapToLong(t -> Math.max(0, t.size())).sum();
    long sent = active.stream().mapToLong(TransferMeter.Transfer::done).sum();
    s.append(" · ").append(active.size()).append(active.size() == 1 ? " upload: " : " uploads: ")
        .append(ResultPrinter.bytes(sent)).append(" of ").append(ResultPrinter.bytes(size));
    if (size > 0) {
      s.append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, sent * 100 / size)));
    }
    long earliest = active.stream().mapToLong(TransferMeter.Transfer::startedNanos).min().orElse(nowNanos);
    double running = (nowNanos - earliest) / 1e9;
    if (size >= ETA_FROM_BYTES && running >= 2 && sent > 0 && sent < size) {
      s.append(", about ").append(timeLeft((long) Math.ceil((size - sent) / (sent / running)))).append(" left");
    }
    if (active.size() > 1 || size == 0) {
      TransferMeter.Transfer big = active.get(0);
      s.append(" · ").append(big.name()).append(' ').append(ResultPrinter.bytes(big.done())).append('/').append(ResultPrinter.bytes(big.size()));
    } else {
      s.append(" · ").append(active.get(0).name());
    }
    return s.toString();
  }

  /** {@code 45 s}, {@code 3 min 20 s}, {@code 2 h 5 min}. */
  static String timeLeft(long seconds) {
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
    }
    return seconds / 3600 + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
  }

  /** Stops and clears the display, leaving the terminal ready for the summary. */
  @Override
  public void close() {
    running = false;
    ticker.interrupt();
    clear();
  }
}
