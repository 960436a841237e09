package dev.imagesync.config;

import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Platform;
import java.util.List;

/**
 * One source image to copy into one destination repository under one or more tags. Every input
 * format turns into a list of these.
 *
 * @param source the image to read, with a tag or digest
 * @param destination the repository to write (no tag)
 * @param tags the destination tags, at least one
 * @param platforms the platforms to copy; empty means all, byte for byte
 * @param origin where the job came from ({@code images.json:3}), for messages
 * @param referrers whether what refers to the image (signatures, attestations, SBOMs) goes too
 * @param strictPlatforms whether a platform the source lacks fails the job (else: one warning,
 *     the others copied)
 */
public record SyncJob(
    ImageReference source, ImageReference destination, List<String> tags, List<Platform> platforms,
    String origin, boolean referrers, boolean strictPlatforms, java.util.Optional<Verification> verify) {

  public SyncJob(ImageReference source, ImageReference destination, List<String> tags, List<Platform> platforms, String origin,
      boolean referrers, boolean strictPlatforms) {
    this(source, destination, tags, platforms, origin, referrers, strictPlatforms, java.util.Optional.empty());
  }

  public SyncJob(ImageReference source, ImageReference destination, List<String> tags, List<Platform> platforms, String origin) {
    this(source, destination, tags, platforms, origin, false, false);
  }

  public SyncJob(ImageReference source, ImageReference destination, List<String> tags, List<Platform> platforms, String origin,
      boolean referrers) {
    this(source, destination, tags, platforms, origin, referrers, false);
  }

  public SyncJob {
    tags = List.copyOf(tags);
    platforms = List.copyOf(platforms);
    if (tags.isEmpty()) {
      throw new IllegalArgumentException("a job needs at least one destination tag");
    }
  }

  public ImageReference target(String tag) {
    return destination.withTag(tag);
  }
}
