package dev.imagesync.sync;

import dev.imagesync.image.ImageReference;

/**
 * {@code --shard I/N}: the I-th of N parts of a run, for a matrix of parallel CI jobs. Jobs are
 * split by destination repository, so that tags and jobs sharing blobs in one repository stay in
 * one shard (and are uploaded once); the split depends only on the repository's name.
 */
public record Shard(int index, int count) {

  public static final Shard ALL = new Shard(1, 1);

  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException("shard " + index + "/" + count + ": expected I/N with 1 <= I <= N");
    }
  }

  /** Parses {@code I/N}; throws IllegalArgumentException with a one-line reason. */
  public static Shard parse(String text) {
    String[] parts = text.trim().split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("expected I/N (e.g. 2/4), got '" + text + "'");
    }
    try {
      return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected I/N (e.g. 2/4), got '" + text + "'");
    }
  }

  /** Whether this shard takes the jobs writing to {@code destination}'s repository. */
  public boolean takes(ImageReference destination) {
    // String.hashCode is fixed by the Java specification: every runner splits alike.
    return Math.floorMod(destination.repositoryName().hashCode(), count) == index - 1;
  }
}
