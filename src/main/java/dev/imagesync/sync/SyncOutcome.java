package dev.imagesync.sync;

import java.util.List;

/** Every tag's result, in input order, and what was sent. */
public record SyncOutcome(List<TagResult> results, CopyStats stats) {

  public long count(TagResult.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  public boolean anyFailed() {
    return count(TagResult.Status.FAILED) > 0;
  }
}
