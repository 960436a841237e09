package dev.imagesync.sync;

import java.util.List;

/** Every tag's result, in input order, what was sent, and the pull limits registries announced. */
public record SyncOutcome(List<TagResult> results, CopyStats stats, java.util.Map<String, dev.imagesync.registry.RateLimits.Quota> pullLimits) {

  public long count(TagResult.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  /** This outcome with failures found before copying (rules that could not be planned) in front. */
  public SyncOutcome withFailures(List<TagResult> failures) {
    if (failures.isEmpty()) {
      return this;
    }
    List<TagResult> all = new java.util.ArrayList<>(failures);
    all.addAll(results);
    return new SyncOutcome(List.copyOf(all), stats, pullLimits);
  }

  public boolean anyFailed() {
    return count(TagResult.Status.FAILED) > 0;
  }
}
