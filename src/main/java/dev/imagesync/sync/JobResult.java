package dev.imagesync.sync;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import java.util.List;
import java.util.Optional;

/**
 * What one job (one source image into one destination repository) came to: a result per
 * destination tag, the source digest it found, the bytes it uploaded and how long it took;
 * {@code origin} is the list entry it came from ({@code images.json:3}).
 */
public record JobResult(ImageReference source, String origin, List<TagResult> tags, Optional<Digest> sourceDigest, long bytesUploaded, double seconds) {

  public JobResult {
    tags = List.copyOf(tags);
  }

  /** A job that failed before it ran (planning): its failures only. */
  static JobResult planFailure(TagResult failure, String origin) {
    return new JobResult(failure.source(), origin, List.of(failure), Optional.empty(), 0, 0);
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
    return TagResult.Status.SKIPPED;
  }
}
