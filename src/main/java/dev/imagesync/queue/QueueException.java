package dev.imagesync.queue;

/** The queue's database could not be reached or used: one line saying what, never a password. */
public final class QueueException extends RuntimeException {
  public QueueException(String message, Throwable cause) {
    super(message, cause);
  }

  public QueueException(String message) {
    super(message);
  }
}
