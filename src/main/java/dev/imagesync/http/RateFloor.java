package dev.imagesync.http;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The slowest a stream may deliver: at least {@code minimumBytesPerSecond}, measured over windows
 * of {@code window} of time spent waiting for it. A read timeout only catches a stream that stops;
 * a server that sends one byte every few seconds never trips it and would hold a run for days.
 * Only the time spent inside reads counts, so a stream read slowly because its reader is busy
 * (writing to a slow destination) is not blamed.
 */
final class RateFloor {

  /** Far below any real link (a 2G modem does 5 KiB/s), far above a trickle. */
  static final long MINIMUM_BYTES_PER_SECOND = 1024;

  private final long windowNanos;
  private final long minimumBytes;
  private long waitedNanos;
  private long bytes;

  RateFloor(Duration window) {
    this.windowNanos = window.toNanos();
    this.minimumBytes = Math.max(1, MINIMUM_BYTES_PER_SECOND * Math.max(1, window.toSeconds()));
  }

  /** Counts one read that waited {@code nanos} and returned {@code n} bytes; throws when the window closed below the floor. */
  void read(long nanos, int n) throws SocketTimeoutException {
    waitedNanos += nanos;
    bytes += Math.max(0, n);
    if (waitedNanos < windowNanos) {
      return;
    }
    if (bytes < minimumBytes) {
      throw new SocketTimeoutException("the server is trickling: " + bytes + " bytes in " + Math.round(waitedNanos / 1e9)
          + " s of waiting (at least " + MINIMUM_BYTES_PER_SECOND + " bytes/s are expected)");
    }
    waitedNanos = 0;
    bytes = 0;
  }
}
