package dev.imagesync.sync;

/** A job that cannot be completed for a reason about the image itself (not the registry). */
final class CopyFailure extends RuntimeException {
  CopyFailure(String message) {
    super(message);
  }
}
