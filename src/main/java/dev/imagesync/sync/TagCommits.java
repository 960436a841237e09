package dev.imagesync.sync;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;

/**
 * Told just before each destination tag is written: the moment a copy becomes visible. A run
 * killed between that write and its records leaves this trace, so that the next run can record
 * what it copied (see report's {@code PendingRecords}).
 */
public interface TagCommits {

  TagCommits NONE = (source, target, digest, was) -> {};

  /**
   * {@code target} is about to be set to {@code digest}; {@code was} is what it held when this
   * run looked (empty: no such tag). Throws {@link Refused} (e.g. {@link TraceNotKept}) when the
   * tag must not be written now: it is then not written.
   */
  void beforeTag(ImageReference source, ImageReference target, Digest digest, java.util.Optional<Digest> was);

  /** This, then {@code next}: a tag is written only when both allow it. */
  default TagCommits then(TagCommits next) {
    return (source, target, digest, was) -> {
      beforeTag(source, target, digest, was);
      next.beforeTag(source, target, digest, was);
    };
  }

  /** A tag that must not be written now: the job fails with this message, nothing more of it is written. */
  class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  /**
   * The trace of a tag could not be kept (a full disk): the tag is not written, for a copy that
   * nobody could record would be lost to the records; the job fails with this message, and the
   * next run that can keep it tags the image (its blobs are there by then) and records it.
   */
  final class TraceNotKept extends Refused {
    public TraceNotKept(String message) {
      super(message);
    }
  }
}
