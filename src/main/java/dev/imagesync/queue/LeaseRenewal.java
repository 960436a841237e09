package dev.imagesync.queue;

import dev.imagesync.registry.RateLimits;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Keeps a run's claims on queue rows alive while it works: renews them every {@code interval} (a
 * third of the lease) on a thread of its own, until closed. A renewal that fails (the database
 * restarting) is said once and tried again at the next interval; if none gets through for a whole
 * lease, the rows go to the next run, as a killed run's do.
 */
public final class LeaseRenewal implements AutoCloseable {

  /** For a run that claims nothing (a dry run). */
  public static final LeaseRenewal NONE = new LeaseRenewal(null);

  private final Thread thread;

  private LeaseRenewal(Thread thread) {
    this.thread = thread;
  }

  public static LeaseRenewal every(Duration interval, Runnable renew, PrintWriter err) {
    Thread t = new Thread(() -> {
      boolean said = false;
      while (true) {
        try {
          Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        try {
          renew.run();
          said = false;
        } catch (RuntimeException e) {
          if (!said) {
            err.println("imagesync: warning: " + e.getMessage() + " (tried again in " + RateLimits.duration(interval.toSeconds()) + ")");
            err.flush();
            said = true;
          }
        }
      }
    }, "imagesync-queue-lease");
    t.setDaemon(true);
    t.start();
    return new LeaseRenewal(t);
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
