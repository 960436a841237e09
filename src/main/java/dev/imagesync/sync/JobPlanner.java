package dev.imagesync.sync;

import dev.imagesync.config.JobListValidator;
import dev.imagesync.config.SyncJob;
import dev.imagesync.config.SyncRule;
import dev.imagesync.config.TagSelection;
import dev.imagesync.image.ImageReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the rules users wrote into concrete {@link SyncJob}s: fixed tags as they are, tag
 * selections by listing the source repository's tags (the only network this step needs). A
 * repository whose tags cannot be listed fails its rule; the others are still planned.
 */
public final class JobPlanner {

  /** Lists a repository's tags (a registry call). */
  @FunctionalInterface
  public interface TagLister {
    List<String> tags(ImageReference repository);
  }

  /** The jobs, the rules that could not be planned, and notices (selections that matched nothing). */
  public record Plan(List<SyncJob> jobs, List<TagResult> failures, List<String> notices,
      java.util.Map<dev.imagesync.image.ImageReference, SyncRule> failedRules) {

    /** The part of this plan that {@code shard} runs: its jobs and failures, by destination repository. */
    public Plan only(Shard shard) {
      if (shard.count() == 1) {
        return this;
      }
      return new Plan(jobs.stream().filter(j -> shard.takes(j.destination())).toList(),
          failures.stream().filter(f -> shard.takes(f.target())).toList(), notices, failedRules);
    }
  }

  private final TagLister tagLister;

  public JobPlanner(TagLister tagLister) {
    this.tagLister = tagLister;
  }

  public Plan plan(List<SyncRule> rules) {
    List<SyncJob> jobs = new ArrayList<>();
    List<TagResult> failures = new ArrayList<>();
    List<String> notices = new ArrayList<>();
    java.util.Map<dev.imagesync.image.ImageReference, SyncRule> failedRules = new java.util.HashMap<>();
    for (SyncRule rule : rules) {
      if (rule.selection() instanceof TagSelection.Listed listed) {
        List<String> tags;
        try {
          tags = listed.select(tagLister.tags(rule.source()));
        } catch (RuntimeException e) {
          failedRules.put(rule.source(), rule);
          for (SyncRule.Target target : rule.targets()) {
            failures.add(TagResult.failed(rule.source(), target.repository(), java.util.Optional.empty(),
                "cannot list tags: " + e.getMessage()));
          }
          continue;
        }
        if (tags.isEmpty()) {
          notices.add(rule.origin() + ": no tag of " + rule.source().repositoryName() + " matches (" + listed.describe() + ")");
        }
        for (String tag : tags) {
          for (SyncRule.Target target : rule.targets()) {
            jobs.add(new SyncJob(rule.source().withTag(tag), target.repository(), List.of(tag), rule.platforms(), rule.origin(), rule.referrers()));
          }
        }
      } else {
        for (SyncRule.Target target : rule.targets()) {
          List<String> tags = target.tags().isEmpty() ? List.of(rule.source().tag().orElseThrow()) : target.tags();
          jobs.add(new SyncJob(rule.source(), target.repository(), tags, rule.platforms(), rule.origin(), rule.referrers()));
        }
      }
    }
    return new Plan(JobListValidator.validate(jobs), failures, notices, java.util.Map.copyOf(failedRules));
  }
}
