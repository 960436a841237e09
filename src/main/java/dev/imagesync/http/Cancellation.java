package dev.imagesync.http;

/**
 * A way to abort a request from another thread while it is being sent or answered: its
 * connection is shut down, the sending thread gets an I/O error, and the server sees the
 * connection end. Used when a run is stopped, for the uploads still in flight.
 */
public final class Cancellation {

  private Runnable abort;
  private boolean cancelled;

  /** Called by a transport when the request starts; runs {@code abortRequest} at once if already cancelled. */
  public void bind(Runnable abortRequest) {
    boolean now;
    synchronized (this) {
      abort = abortRequest;
      now = cancelled;
    }
    if (now) {
      abortRequest.run();
    }
  }

  public void cancel() {
    Runnable a;
    synchronized (this) {
      cancelled = true;
      a = abort;
    }
    if (a != null) {
      a.run();
    }
  }

  public synchronized boolean cancelled() {
    return cancelled;
  }
}
