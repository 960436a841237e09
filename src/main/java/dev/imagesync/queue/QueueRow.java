package dev.imagesync.queue;

import java.time.LocalDateTime;
import java.util.Optional;

/**
 * One row of {@code images_for_push}, as the database workflow's jobs write it: the registry
 * ({@code docker.io} by default), the namespace, the image name with its tag, the platform
 * ({@code linux/amd64} by default; a comma-separated list, or empty for all), and where it stands;
 * {@code generation} counts its claims, so that a claim is told from the one before it.
 */
public record QueueRow(long id, String registry, String namespace, String image, String platform, int status, int attempts,
    Optional<String> error, Optional<LocalDateTime> added, Optional<String> heldBy, long generation) {

  public QueueRow(long id, String registry, String namespace, String image, String platform, int status, int attempts,
      Optional<String> error, Optional<LocalDateTime> added) {
    this(id, registry, namespace, image, platform, status, attempts, error, added, Optional.empty(), 0);
  }

  /** {@code push_status}: waiting to be pushed (what the other jobs insert). */
  public static final int PENDING = 0;
  /** Pushed to every destination (copied, or already there). */
  public static final int PUSHED = 1;
  /** The last try failed; the next run tries again. */
  public static final int FAILED = 2;
  /** Failed as many times as allowed; left alone until someone sets it back to 0. */
  public static final int GAVE_UP = 3;

  /** The image as one reference: {@code REGISTRY/NAMESPACE/NAME:TAG}. */
  public String reference() {
    String ns = namespace == null || namespace.isBlank() ? "" : namespace.strip() + "/";
    String reg = registry == null || registry.isBlank() ? "docker.io" : registry.strip();
    return reg + "/" + ns + (image == null ? "" : image.strip());
  }

  /** Where a row came from, in messages and in the records' origin column. */
  public String origin() {
    return "images_for_push#" + id;
  }

  public static String statusName(int status) {
    return switch (status) {
      case PENDING -> "pending";
      case PUSHED -> "pushed";
      case FAILED -> "failed";
      case GAVE_UP -> "gave up";
      default -> "status " + status;
    };
  }
}
