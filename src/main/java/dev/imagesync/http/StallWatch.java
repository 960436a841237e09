package dev.imagesync.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writing a request body has no timeout of its own: a server that stops reading leaves the
 * writer blocked for good, and one that reads a KiB a second keeps it busy for days. One daemon
 * thread looks at every body being written once a second and cancels the request of one that has
 * not moved for its limit (stalled), or that moved less than {@link RateFloor#MINIMUM_BYTES_PER_SECOND}
 * a second over a whole limit (trickling): the floor downloads have.
 */
final class StallWatch {

  /** One body being written. */
  final class Watched {
    private final Runnable cancel;
    private final long limitNanos;
    private volatile long lastProgress = System.nanoTime();
    private volatile long bytes;
    /** Where the window the rate is measured over began: when, and how many bytes had gone. */
    private long windowStart = lastProgress;
    private long bytesAtWindowStart;
    private volatile String fired;

    private Watched(Runnable cancel, Duration limit) {
      this.cancel = cancel;
      this.limitNanos = limit.toNanos();
    }

    /** {@code n} more bytes went (one writer thread per body). */
    void progress(int n) {
      bytes += n;
      lastProgress = System.nanoTime();
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

    /** Why this body is to be cancelled at {@code now}, or null while it moves as it should. */
    private String check(long now) {
      if (now - lastProgress > limitNanos) {
        return "the upload stalled: the server accepted no bytes for " + limitSeconds() + " s";
      }
      if (now - windowStart >= limitNanos) {
        long moved = bytes - bytesAtWindowStart;
        if (moved < RateFloor.MINIMUM_BYTES_PER_SECOND * limitSeconds()) {
          return "the upload is trickling: the server accepted " + moved + " bytes in " + limitSeconds() + " s (at least "
              + RateFloor.MINIMUM_BYTES_PER_SECOND + " bytes/s are expected)";
        }
        windowStart = now;
        bytesAtWindowStart = bytes;
      }
      return null;
    }

    long limitSeconds() {
      return limitNanos / 1_000_000_000L;
    }
  }

  private final Map<Watched, Boolean> watched = new ConcurrentHashMap<>();
  private Thread thread;

  Watched watch(Runnable cancel, Duration limit) {
    Watched w = new Watched(cancel, limit);
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
