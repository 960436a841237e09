package dev.imagesync.sync;

import java.util.List;
import java.util.Map;

/**
 * Every job's result, in input order, what was sent, the pull limits registries announced, and
 * the proxies requests went through ({@code host:port}).
 */
public record SyncOutcome(List<JobResult> jobs, CopyStats stats, java.util.Map<String, dev.imagesync.registry.RateLimits.Quota> pullLimits,
    List<String> proxies) {

  /** This outcome with what the network layer saw during the run. */
  public SyncOutcome withNetwork(java.util.Map<String, dev.imagesync.registry.RateLimits.Quota> limits, List<String> usedProxies) {
    return new SyncOutcome(jobs, stats, Map.copyOf(limits), List.copyOf(usedProxies));
  }

  /** Every destination tag's result, in input order. */
  public List<TagResult> results() {
    return jobs.stream().flatMap(j -> j.tags().stream()).toList();
  }

  public long count(TagResult.Status status) {
    return results().stream().filter(r -> r.status() == status).count();
  }

  /** This outcome with failures found before copying (rules that could not be planned) in front. */
  public SyncOutcome withFailures(List<TagResult> failures, java.util.Map<dev.imagesync.image.ImageReference, dev.imagesync.config.SyncRule> rules) {
    if (failures.isEmpty()) {
      return this;
    }
    List<JobResult> all = new java.util.ArrayList<>(failures.stream().map(f -> JobResult.planFailure(f, rules.get(f.source()))).toList());
    all.addAll(jobs);
    return new SyncOutcome(List.copyOf(all), stats, pullLimits, proxies);
  }

  public boolean anyFailed() {
    return count(TagResult.Status.FAILED) > 0;
  }
}
