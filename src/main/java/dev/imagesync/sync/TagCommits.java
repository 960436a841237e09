package dev.imagesync.sync;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;

/**
 * Told just before each destination tag is written: the moment a copy becomes visible. A run
 * killed between that write and its records leaves this trace, so that the next run can record
 * what it copied (see report's {@code PendingRecords}).
 */
public interface TagCommits {

  TagCommits NONE = (source, target, digest) -> {};

  /** Throws {@link TraceNotKept} when the trace cannot be kept: the tag is then not written. */
  void beforeTag(ImageReference source, ImageReference target, Digest digest);

  /**
   * The trace of a tag could not be kept (a full disk): the tag is not written, for a copy that
   * nobody could record would be lost to the records; the job fails with this message, and the
   * next run that can keep it tags the image (its blobs are there by then) and records it.
   */
  final class TraceNotKept extends RuntimeException {
    public TraceNotKept(String message) {
      super(message);
    }
  }
}
