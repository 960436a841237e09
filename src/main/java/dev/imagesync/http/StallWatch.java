package dev.imagesync.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writing a request body has no timeout of its own: a server that stops reading leaves the
 * writer blocked for good, and one that reads a KiB a second keeps it busy for days. One daemon
 * thread looks at every body being written once a second and cancels the request of one the
 * server takes at less than {@link RateFloor#MINIMUM_BYTES_PER_SECOND} a second over the timeout:
 * the floor downloads have.
 */
final class StallWatch {

  /** One body being written. */
  final class Watched {
    private final Runnable cancel;
    private final long timeoutNanos;
    private final long limitNanos;
    private volatile long lastProgress = System.nanoTime();
    /** When the write now under way began (0: none is): a write the server does not take blocks. */
    private volatile long writeStarted;
    private volatile long bytes;
    private volatile long writeNanos;
    /** Where the window the rate is measured over began: when, how many bytes had gone, how long writes had blocked. */
    private long windowStart = lastProgress;
    private long bytesAtWindowStart;
    private long writeNanosAtWindowStart;
    private volatile String fired;

    private Watched(Runnable cancel, Duration timeout, Duration margin) {
      this.cancel = cancel;
      this.timeoutNanos = timeout.toNanos();
      this.limitNanos = timeout.plus(margin).toNanos();
    }

    /** A write to the server begins (one writer thread per body). */
    void writing() {
      writeStarted = System.nanoTime();
    }

    /** The write ended: {@code n} bytes went. */
    void wrote(int n) {
      long now = System.nanoTime();
      writeNanos += now - writeStarted;
      writeStarted = 0;
      bytes += n;
      lastProgress = now;
    }

    void done() {
      watched.remove(this);
    }

    /** Whether this body's request was cancelled for stalling or trickling. */
    boolean fired() {
      return fired != null;
    }

    /** Why it was cancelled, in words: what the server did. */
    String why() {
      return fired;
    }

    /**
     * Why this body is to be cancelled at {@code now}, or null while it moves as it should. The
     * server is blamed when the writer waits on it: one write it has not taken for the timeout,
     * or under the floor over a timeout spent mostly waiting on its writes. A body whose source
     * is slow waits on the source instead, whose own read deadline names it; only a body that
     * has not moved at all for the timeout and the margin is given up here regardless.
     */
    private String check(long now) {
      long started = writeStarted;
      if (started != 0 && now - started > timeoutNanos) {
        return slow();
      }
      if (now - windowStart >= timeoutNanos) {
        long waitedOnServer = writeNanos + (started == 0 ? 0 : now - started);
        long moved = bytes - bytesAtWindowStart;
        if (moved < RateFloor.MINIMUM_BYTES_PER_SECOND * seconds(timeoutNanos) && waitedOnServer - writeNanosAtWindowStart > (now - windowStart) / 2) {
          return slow();
        }
        windowStart = now;
        bytesAtWindowStart = bytes;
        writeNanosAtWindowStart = waitedOnServer;
      }
      if (now - lastProgress > limitNanos) {
        return "the upload stalled: nothing moved for " + seconds(limitNanos) + " s";
      }
      return null;
    }

    private String slow() {
      return "the upload stalled: the server took less than " + RateFloor.MINIMUM_BYTES_PER_SECOND + " bytes/s for " + seconds(timeoutNanos) + " s";
    }
  }

  private static long seconds(long nanos) {
    return Math.max(1, nanos / 1_000_000_000L);
  }

  private final Map<Watched, Boolean> watched = new ConcurrentHashMap<>();
  private Thread thread;

  /**
   * Watches a body from now: {@code timeout} for the server (the {@code --timeout}), and {@code
   * margin} more before a body that does not move at all, whatever the cause, is given up.
   */
  Watched watch(Runnable cancel, Duration timeout, Duration margin) {
    Watched w = new Watched(cancel, timeout, margin);
    watched.put(w, Boolean.TRUE);
    start();
    return w;
  }

  private synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = new Thread(this::loop, "imagesync-stall-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (true) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (Watched w : watched.keySet()) {
        String why = w.check(now);
        if (why != null) {
          w.fired = why;
          watched.remove(w);
          w.cancel.run();
        }
      }
    }
  }
}
