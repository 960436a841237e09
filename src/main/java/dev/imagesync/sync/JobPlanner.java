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
      List<SyncJob> ruleJobs = new ArrayList<>();
      List<String> ruleNotices = new ArrayList<>();
      try {
        if (rule.selection() instanceof TagSelection.Listed listed) {
          List<String> tags;
          try {
            tags = listed.select(tagLister.tags(rule.source()));
          } catch (RuntimeException e) {
            fail(rule, "cannot list tags: " + e.getMessage(), failures, failedRules);
            continue;
          }
          if (tags.isEmpty()) {
            ruleNotices.add(rule.origin() + ": no tag of " + rule.source().repositoryName() + " matches (" + listed.describe() + ")");
          }
          java.util.Map<String, String> written = new java.util.HashMap<>(); // destination tag -> the source tag written there
          for (String tag : tags) {
            for (SyncRule.Target target : rule.targets()) {
              String as = targetTag(rule, tag, target, ruleNotices);
              String first = written.putIfAbsent(target.repository().withTag(as).toString(), tag);
              if (first != null) {
                // Two ref names repaired alike (a/b and a:b): the first keeps the tag, this one fails alone.
                failures.add(TagResult.failed(rule.source().withTag(tag), target.repository().withTag(as), java.util.Optional.empty(),
                    "ref name '" + tag + "' would be written as " + as + ", as '" + first + "' is"));
                continue;
              }
              ruleJobs.add(new SyncJob(rule.source().withTag(tag), target.repository(), List.of(as), rule.platforms(), rule.origin(), rule.referrers(),
                  rule.strictPlatforms()));
            }
          }
        } else {
          for (SyncRule.Target target : rule.targets()) {
            List<String> tags = target.tags().isEmpty() ? List.of(targetTag(rule, rule.source().tag().orElseThrow(), target, ruleNotices)) : target.tags();
            ruleJobs.add(new SyncJob(rule.source(), target.repository(), tags, rule.platforms(), rule.origin(), rule.referrers(), rule.strictPlatforms()));
          }
        }
      } catch (RuntimeException e) {
        // Whatever goes wrong with one entry is that entry's failure: the others are still copied.
        fail(rule, "internal error: " + e, failures, failedRules);
        continue;
      }
      jobs.addAll(ruleJobs);
      notices.addAll(ruleNotices);
    }
    return new Plan(JobListValidator.validate(jobs), failures, notices, java.util.Map.copyOf(failedRules));
  }

  private static void fail(SyncRule rule, String reason, List<TagResult> failures, java.util.Map<dev.imagesync.image.ImageReference, SyncRule> failedRules) {
    failedRules.put(rule.source(), rule);
    for (SyncRule.Target target : rule.targets()) {
      failures.add(TagResult.failed(rule.source(), target.repository(), java.util.Optional.empty(), reason));
    }
  }

  /**
   * The destination tag for a source tag. A layout's ref name that a registry cannot hold as a
   * tag ({@code a/b}, {@code v1.0+build.5}) is repaired, and said; into a layout it stays.
   */
  private static String targetTag(SyncRule rule, String tag, SyncRule.Target target, List<String> notices) {
    if (target.repository().isLayout() || dev.imagesync.image.ImageReference.isValidTag(tag)) {
      return tag;
    }
    String repaired = dev.imagesync.image.ImageReference.asTag(tag);
    notices.add(rule.origin() + ": " + rule.source().withTag(tag) + ": ref name '" + tag + "' is not a registry tag: written as " + repaired);
    return repaired;
  }
}
