package dev.imagesync.sync;

import dev.imagesync.image.ImageReference;
import dev.imagesync.registry.ManifestHead;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.registry.Repositories;
import dev.imagesync.registry.RepositoryClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Deletes the destination tags pruning rules found gone at the source, after every copy of the
 * run. Each tag is deleted alone ({@link RepositoryClient#deleteTag}): by name where the registry
 * can, else through a placeholder manifest of its own, so that no other tag — not one another run
 * writes meanwhile onto the same manifest — goes with it. The cost is linear: per repository one
 * listing before and one after, and per pruned tag a HEAD and its deletion.
 *
 * <p>The listing after is the check: a tag listed before that was not to be pruned and is gone
 * after fails the run, naming it (something else deleted it while this run pruned; imagesync never
 * does), and so does a pruned tag still listed. A tag already gone is counted as pruned.
 */
final class Pruner {

  /** Tags deleted at once in one repository (each a few round trips). */
  private static final int AT_ONCE = 8;

  private Pruner() {}

  static List<JobResult> prune(List<Prune> prunes, Repositories repositories, boolean dryRun) {
    Map<ImageReference, List<Prune>> byRepository = new LinkedHashMap<>();
    prunes.forEach(p -> byRepository.computeIfAbsent(ImageReference.repository(p.target().registry(), p.target().repository()),
        r -> new ArrayList<>()).add(p));
    List<JobResult> results = new ArrayList<>();
    byRepository.forEach((repository, group) -> results.addAll(pruneRepository(repository, group, repositories, dryRun)));
    return results;
  }

  private static List<JobResult> pruneRepository(ImageReference repository, List<Prune> group, Repositories repositories, boolean dryRun) {
    RepositoryClient destination = repositories.openForPush(repository, Optional.empty());
    List<String> before;
    try {
      before = dryRun ? List.of() : destination.listTags();
    } catch (RegistryException e) {
      return group.stream().map(p -> result(p, TagResult.failed(p.source(), p.target(), Optional.empty(),
          "not pruned: cannot list the tags of " + repository + " to check afterwards: " + e.getMessage()), 0)).toList();
    }
    List<JobResult> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(AT_ONCE, group.size()), r -> {
      Thread t = new Thread(r, "imagesync-prune");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<JobResult>> futures = new ArrayList<>();
      for (Prune p : group) {
        futures.add(pool.submit(() -> pruneOne(p, destination, dryRun)));
      }
      for (Future<JobResult> f : futures) {
        results.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("pruning crashed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (!dryRun) {
      results.addAll(vanished(repository, group, before, destination));
    }
    return results;
  }

  private static JobResult pruneOne(Prune p, RepositoryClient destination, boolean dryRun) {
    long start = System.nanoTime();
    String tag = p.target().tag().orElseThrow();
    TagResult result;
    try {
      Optional<ManifestHead> head = destination.headManifest(tag);
      if (head.isEmpty()) {
        result = new TagResult(TagResult.Status.PRUNED, p.source(), p.target(), Optional.empty(), Optional.of("already gone"), Optional.empty());
      } else if (dryRun) {
        result = new TagResult(TagResult.Status.WOULD_PRUNE, p.source(), p.target(), Optional.of(head.get().digest()),
            Optional.of("gone at the source"), Optional.empty());
      } else {
        destination.deleteTag(tag);
        result = new TagResult(TagResult.Status.PRUNED, p.source(), p.target(), Optional.of(head.get().digest()), Optional.of("gone at the source"),
            Optional.empty());
      }
    } catch (RegistryException e) {
      result = TagResult.failed(p.source(), p.target(), Optional.empty(), "not pruned: " + e.getMessage());
    }
    return result(p, result, start);
  }

  /** The tags listed before, not to be pruned, that are gone after: each a failure naming it. */
  private static List<JobResult> vanished(ImageReference repository, List<Prune> group, List<String> before, RepositoryClient destination) {
    Set<String> after;
    try {
      after = new HashSet<>(destination.listTags());
    } catch (RegistryException e) {
      Prune first = group.get(0);
      return List.of(result(first, TagResult.failed(first.source(), repository, Optional.empty(),
          "pruned, but the tags of " + repository + " could not be listed afterwards to check that no other tag went: " + e.getMessage()), 0));
    }
    Set<String> pruned = new HashSet<>();
    group.forEach(p -> pruned.add(p.target().tag().orElseThrow()));
    List<JobResult> lost = new ArrayList<>();
    for (Prune p : group) {
      if (after.contains(p.target().tag().orElseThrow())) {
        lost.add(result(p, TagResult.failed(p.source(), p.target(), Optional.empty(), "still listed after it was deleted: the registry "
            + "answered the DELETE but kept the tag (or another run wrote it again meanwhile)"), 0));
      }
    }
    for (String tag : before) {
      if (!pruned.contains(tag) && !after.contains(tag)) {
        ImageReference target = repository.withTag(tag);
        lost.add(result(group.get(0), TagResult.failed(target, target, Optional.empty(), "vanished while " + repository
            + " was pruned, though it was not to be pruned: something else deleted it meanwhile (another run or tool deleting by digest?)"), 0));
      }
    }
    return lost;
  }

  private static JobResult result(Prune p, TagResult result, long start) {
    return new JobResult(p.source(), p.origin(), List.of(result), Optional.empty(), 0, start == 0 ? 0 : (System.nanoTime() - start) / 1e9, List.of(),
        Optional.empty());
  }
}
