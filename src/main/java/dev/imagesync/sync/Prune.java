package dev.imagesync.sync;

import dev.imagesync.image.ImageReference;

/**
 * A destination tag a pruning rule selects and the source no longer has: {@code target}
 * (repository and tag) is deleted; {@code source} is where it came from, for the result line.
 */
public record Prune(ImageReference source, ImageReference target, String origin) {}
