package dev.imagesync.sync;

import dev.imagesync.config.SyncRule;
import dev.imagesync.config.TagSelection;
import dev.imagesync.image.Platform;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import java.util.List;
import java.util.Optional;

/**
 * What one job (one source image into one destination repository) came to: a result per
 * destination tag, the source digest it found, the bytes it uploaded and how long it took;
 * {@code origin} is the list entry it came from ({@code images.json:3}). {@code platforms} and
 * {@code selection} say how to ask for it again: the platform subset, and for a rule whose tags
 * could not be listed, the tag selection it had.
 */
public record JobResult(ImageReference source, String origin, List<TagResult> tags, Optional<Digest> sourceDigest, long bytesUploaded,
    double seconds, List<Platform> platforms, Optional<TagSelection.Listed> selection, boolean referrers) {

  public JobResult(ImageReference source, String origin, List<TagResult> tags, Optional<Digest> sourceDigest, long bytesUploaded,
      double seconds, List<Platform> platforms, Optional<TagSelection.Listed> selection) {
    this(source, origin, tags, sourceDigest, bytesUploaded, seconds, platforms, selection, false);
  }

  public JobResult {
    tags = List.copyOf(tags);
    platforms = List.copyOf(platforms);
  }

  /** A rule that failed before it ran (its tags could not be listed): its failures only. */
  static JobResult planFailure(TagResult failure, SyncRule rule) {
    Optional<TagSelection.Listed> selection = rule != null && rule.selection() instanceof TagSelection.Listed listed ? Optional.of(listed) : Optional.empty();
    return new JobResult(failure.source(), rule == null ? "" : rule.origin(), List.of(failure), Optional.empty(), 0, 0,
        rule == null ? List.of() : rule.platforms(), selection, rule != null && rule.referrers());
  }

  /** {@code failed} if any tag failed, else {@code copied} if any was copied, else that of its tags. */
  public TagResult.Status status() {
    if (tags.stream().anyMatch(t -> t.status() == TagResult.Status.FAILED)) {
      return TagResult.Status.FAILED;
    }
    if (tags.stream().anyMatch(t -> t.status() == TagResult.Status.COPIED)) {
      return TagResult.Status.COPIED;
    }
    if (tags.stream().anyMatch(t -> t.status() == TagResult.Status.WOULD_COPY)) {
      return TagResult.Status.WOULD_COPY;
    }
    if (tags.stream().anyMatch(t -> t.status() == TagResult.Status.PRUNED || t.status() == TagResult.Status.WOULD_PRUNE)) {
      return tags.get(0).status();
    }
    return TagResult.Status.SKIPPED;
  }
}
