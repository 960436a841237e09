package dev.imagesync.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writing a request body has no timeout of its own: a server that stops reading leaves the
 * writer blocked for good. One daemon thread looks at every body being written once a second and
 * cancels the request of one that has not moved for its timeout.
 */
final class StallWatch {

  /** One body being written. */
  final class Watched {
    private final Runnable cancel;
    private final long limitNanos;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean fired;

    private Watched(Runnable cancel, Duration limit) {
      this.cancel = cancel;
      this.limitNanos = limit.toNanos();
    }

    void progress() {
      lastProgress = System.nanoTime();
    }

    void done() {
      watched.remove(this);
    }

    /** Whether this body's request was cancelled for stalling. */
    boolean fired() {
      return fired;
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
        if (now - w.lastProgress > w.limitNanos) {
          w.fired = true;
          watched.remove(w);
          w.cancel.run();
        }
      }
    }
  }
}
