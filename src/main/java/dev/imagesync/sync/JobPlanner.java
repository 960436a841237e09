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
 * selections by listing the source repository's tags, a namespace ({@code registry/team/*}) by
 * listing the registry's catalog, and for a pruning rule, the destination tags it selects that
 * the source no longer has (the only network this step needs). A repository whose tags cannot be
 * listed fails its rule; the others are still planned.
 */
public final class JobPlanner {

  /** Lists a repository's tags (a registry call). */
  @FunctionalInterface
  public interface TagLister {
    List<String> tags(ImageReference repository);
  }

  /** Lists the repositories under a namespace of a registry (its catalog). */
  @FunctionalInterface
  public interface CatalogLister {
    List<String> repositories(String registry, String prefix);
  }

  /** The jobs, the rules that could not be planned, notices (selections that matched nothing), and the tags to prune. */
  public record Plan(List<SyncJob> jobs, List<TagResult> failures, List<String> notices,
      java.util.Map<dev.imagesync.image.ImageReference, SyncRule> failedRules, List<Prune> prunes) {

    public Plan(List<SyncJob> jobs, List<TagResult> failures, List<String> notices, java.util.Map<dev.imagesync.image.ImageReference, SyncRule> failedRules) {
      this(jobs, failures, notices, failedRules, List.of());
    }

    /** The part of this plan that {@code shard} runs: its jobs, failures and prunes, by destination repository. */
    public Plan only(Shard shard) {
      if (shard.count() == 1) {
        return this;
      }
      return new Plan(jobs.stream().filter(j -> shard.takes(j.destination())).toList(),
          failures.stream().filter(f -> shard.takes(f.target())).toList(), notices, failedRules,
          prunes.stream().filter(p -> shard.takes(ImageReference.repository(p.target().registry(), p.target().repository()))).toList());
    }
  }

  private final TagLister tagLister;
  private final CatalogLister catalog;
  private final TagLister destinationTags;

  public JobPlanner(TagLister tagLister) {
    this(tagLister, (registry, prefix) -> {
      throw new IllegalStateException("no catalog here");
    }, tagLister);
  }

  /** {@code destinationTags} lists a destination repository's tags, for pruning. */
  public JobPlanner(TagLister tagLister, CatalogLister catalog, TagLister destinationTags) {
    this.tagLister = tagLister;
    this.catalog = catalog;
    this.destinationTags = destinationTags;
  }

  public Plan plan(List<SyncRule> given) {
    List<SyncJob> jobs = new ArrayList<>();
    List<TagResult> failures = new ArrayList<>();
    List<String> notices = new ArrayList<>();
    List<Prune> prunes = new ArrayList<>();
    java.util.Map<dev.imagesync.image.ImageReference, SyncRule> failedRules = new java.util.HashMap<>();
    List<SyncRule> rules = new ArrayList<>();
    for (SyncRule rule : given) {
      if (rule.catalog().isEmpty()) {
        rules.add(rule);
        continue;
      }
      SyncRule.Catalog c = rule.catalog().get();
      List<String> repositories;
      try {
        repositories = catalog.repositories(c.registry(), c.prefix());
      } catch (RuntimeException e) {
        failedRules.put(rule.source(), rule);
        failures.add(TagResult.failed(rule.source(), rule.source(), java.util.Optional.empty(), "cannot list repositories: " + e.getMessage()));
        continue;
      }
      int before = rules.size();
      for (String repository : repositories) {
        try {
          c.ruleFor(repository, rule).ifPresent(rules::add);
        } catch (RuntimeException e) {
          notices.add(rule.origin() + ": " + c.registry() + "/" + repository + " left out: " + e.getMessage());
        }
      }
      if (rules.size() == before) {
        // A namespace that names nothing is a typo far more often than an intent: a scheduled
        // mirror that mirrors nothing must not stay green.
        failedRules.put(rule.source(), rule);
        failures.add(TagResult.failed(rule.source(), rule.source(), java.util.Optional.empty(), repositories.isEmpty()
            ? "no repository under " + rule.source() + "/ (the catalog of " + c.registry() + " lists none there; is the namespace right?)"
            : "no repository under " + rule.source() + "/ matches the entry's repositories/exclude (" + repositories.size() + " listed)"));
      }
    }
    requireOneOwnerPerPrunedRepository(rules);
    for (SyncRule rule : rules) {
      List<SyncJob> ruleJobs = new ArrayList<>();
      List<String> ruleNotices = new ArrayList<>();
      try {
        if (rule.selection() instanceof TagSelection.Listed listed) {
          List<String> tags;
          List<String> atSource;
          try {
            atSource = tagLister.tags(rule.source());
            tags = listed.select(atSource);
          } catch (RuntimeException e) {
            fail(rule, "cannot list tags: " + e.getMessage(), failures, failedRules);
            continue; // and nothing pruned: the source's tags are not known
          }
          if (rule.prune()) {
            prunes.addAll(prunes(rule, listed, atSource, ruleNotices, failures));
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
                  rule.strictPlatforms(), rule.verify()));
            }
          }
        } else {
          for (SyncRule.Target target : rule.targets()) {
            List<String> tags = target.tags().isEmpty() ? List.of(targetTag(rule, rule.source().tag().orElseThrow(), target, ruleNotices))
                : namedTags(rule, target);
            ruleJobs.add(new SyncJob(rule.source(), target.repository(), tags, rule.platforms(), rule.origin(), rule.referrers(), rule.strictPlatforms(),
                rule.verify()));
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
    return new Plan(JobListValidator.validate(jobs), failures, notices, java.util.Map.copyOf(failedRules), prunes);
  }

  /**
   * Refuses (bad input, before anything is copied or deleted) two rules that write one destination
   * repository when either prunes it: each would delete the tags the other copies, and the mirror
   * would flap between runs. Whether from two entries, two repositories of a namespace landing on
   * one name, or a list and the command line.
   */
  static void requireOneOwnerPerPrunedRepository(List<SyncRule> rules) {
    java.util.Map<String, SyncRule> owner = new java.util.HashMap<>();
    for (SyncRule rule : new java.util.LinkedHashSet<>(rules)) {
      for (SyncRule.Target target : rule.targets()) {
        String repository = target.repository().repositoryName();
        SyncRule first = owner.putIfAbsent(repository, rule);
        if (first != null && first != rule && (first.prune() || rule.prune())) {
          throw new dev.imagesync.config.InputException(describe(first) + " and " + describe(rule) + " both write " + repository + ", and "
              + (first.prune() && rule.prune() ? "both prune" : (first.prune() ? "the first" : "the second") + " prunes") + " it: each would delete "
              + "what the other copies; give them separate destination repositories (target, --keep-path), or prune neither");
        }
      }
    }
  }

  private static String describe(SyncRule rule) {
    return rule.origin() + " (" + rule.source() + ")";
  }

  /**
   * The destination tags of {@code rule} to delete: those its selection takes (pattern, version
   * range) that the source no longer lists. Never when the source listed nothing (a registry that
   * lost its tags, or answered empty, must not empty the mirror), never a tag the selection does
   * not take, never in another repository; a destination that cannot be listed whole is not
   * pruned, and that is a failure of the run.
   */
  private List<Prune> prunes(SyncRule rule, TagSelection.Listed listed, List<String> atSource, List<String> notices, List<TagResult> failures) {
    List<Prune> found = new ArrayList<>();
    if (atSource.isEmpty()) {
      notices.add(rule.origin() + ": not pruning: " + rule.source() + " listed no tags");
      return found;
    }
    for (SyncRule.Target target : rule.targets()) {
      java.util.Set<String> written = new java.util.HashSet<>();
      atSource.forEach(t -> written.add(target.repository().isLayout() ? t : ImageReference.asTag(t)));
      List<String> there;
      try {
        there = destinationTags.tags(target.repository());
      } catch (dev.imagesync.registry.RegistryException e) {
        if (e.kind() != dev.imagesync.registry.RegistryException.Kind.NOT_FOUND) { // not there yet: nothing to prune
          // The copies still run; the run fails, as a prune it was asked for did not happen.
          failures.add(TagResult.failed(rule.source(), target.repository(), java.util.Optional.empty(),
              "not pruned: cannot list the tags of " + target.repository() + ": " + e.getMessage()));
        }
        continue;
      }
      for (String tag : there) {
        if (listed.admits(tag) && !written.contains(tag)) {
          found.add(new Prune(rule.source().withTag(tag), target.repository().withTag(tag), rule.origin()));
        }
      }
    }
    return found;
  }

  private static void fail(SyncRule rule, String reason, List<TagResult> failures, java.util.Map<dev.imagesync.image.ImageReference, SyncRule> failedRules) {
    failedRules.put(rule.source(), rule);
    for (SyncRule.Target target : rule.targets()) {
      failures.add(TagResult.failed(rule.source(), target.repository(), java.util.Optional.empty(), reason));
    }
  }

  /**
   * An image's name in a docker archive that many images go into: NAME:TAG as docker save names it
   * ({@code nginx:1.25}, {@code ghcr.io/org/app:1}); an image read from an archive keeps its name there.
   */
  static String archiveName(ImageReference source, String tag) {
    return source.isDockerArchive() && tag.contains(":") ? tag : source.dockerSaveName() + ":" + tag;
  }

  /** The destination tags an entry names itself; into a docker archive, each as NAME:TAG. */
  private static List<String> namedTags(SyncRule rule, SyncRule.Target target) {
    return target.repository().isDockerArchive() ? target.tags().stream().map(t -> archiveName(rule.source(), t)).toList() : target.tags();
  }

  private static String targetTag(SyncRule rule, String tag, SyncRule.Target target, List<String> notices) {
    return destinationTag(rule.source(), tag, target.repository(), notice -> notices.add(rule.origin() + ": " + notice));
  }

  /**
   * The destination tag for {@code tag} of {@code source} going to {@code destination}. A layout's
   * ref name that a registry cannot hold as a tag ({@code a/b}, {@code v1.0+build.5}) is repaired,
   * and {@code notice} told so; into a layout it stays.
   */
  public static String destinationTag(ImageReference source, String tag, ImageReference destination, java.util.function.Consumer<String> notice) {
    if (destination.isDockerArchive() && destination.tag().isEmpty()) {
      return archiveName(source, tag);
    }
    if (destination.isLayout() || ImageReference.isValidTag(tag)) {
      return tag;
    }
    String repaired = ImageReference.asTag(tag);
    notice.accept(source.withTag(tag) + ": ref name '" + tag + "' is not a registry tag: written as " + repaired);
    return repaired;
  }
}
