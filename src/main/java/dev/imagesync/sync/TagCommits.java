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

  void beforeTag(ImageReference source, ImageReference target, Digest digest);
}
