package dev.imagesync.sync;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import java.util.Optional;

/**
 * What happened to one destination tag.
 *
 * @param digest the digest the destination tag now holds (or would hold, for a failure)
 * @param note for a platform subset: why the digest differs from the source's
 * @param reason for a failure: one line saying why
 */
public record TagResult(
    Status status, ImageReference source, ImageReference target, Optional<Digest> digest,
    Optional<String> note, Optional<String> reason) {

  public enum Status {
    COPIED("copied"),
    SKIPPED("skipped"),
    FAILED("failed"),
    /** --dry-run: the tag differs from the source and a real run would copy it. */
    WOULD_COPY("would-copy"),
    /** --prune: a destination tag the rule selects, gone at the source, deleted. */
    PRUNED("pruned"),
    /** --prune with --dry-run: it would be deleted. */
    WOULD_PRUNE("would-prune");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  static TagResult copied(ImageReference source, ImageReference target, Digest digest, Optional<String> note) {
    return new TagResult(Status.COPIED, source, target, Optional.of(digest), note, Optional.empty());
  }

  static TagResult wouldCopy(ImageReference source, ImageReference target, Digest digest, Optional<String> note) {
    return new TagResult(Status.WOULD_COPY, source, target, Optional.of(digest), note, Optional.empty());
  }

  static TagResult skipped(ImageReference source, ImageReference target, Digest digest, Optional<String> note) {
    return new TagResult(Status.SKIPPED, source, target, Optional.of(digest), note, Optional.empty());
  }

  public static TagResult failed(ImageReference source, ImageReference target, Optional<Digest> digest, String reason) {
    return new TagResult(Status.FAILED, source, target, digest, Optional.empty(), Optional.of(reason));
  }
}
