package dev.imagesync.sync;

import dev.imagesync.config.SyncJob;
import dev.imagesync.registry.Repositories;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs sync jobs with bounded concurrency. One failed job never stops the others. All jobs open
 * their repositories through one {@link Repositories}: its connections and tokens serve the whole
 * run.
 */
public final class SyncRunner {

  /** The most jobs checking at once (threads and connections, each mostly waiting on a round trip). */
  public static final int CHECKS = 128;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SyncRunner.class);

  private final Repositories repositories;
  private final int parallelJobs;
  /** Images checked at once; --jobs unless the command says more. */
  private int checks;
  private boolean repair;
  private final boolean dryRun;
  private TagCommits commits = TagCommits.NONE;
  private ReferrerPolicy referrers = ReferrerPolicy.ONLY_WHERE_ASKED;
  private dev.imagesync.registry.RepositoryCreation creation = dev.imagesync.registry.RepositoryCreation.NONE;
  private TagCommits fence = TagCommits.NONE;
  private JobFeed feed;
  private int feedWhenAtMost;
  private java.util.function.IntConsumer onJobsAdded = n -> {};

  /**
   * Jobs that arrive while a run is under way (a queue's rows, claimed a batch at a time): asked
   * for more whenever the jobs not yet finished are few, told of each one finished.
   */
  public interface JobFeed {
    /** The next jobs to run, or empty when there are no more. */
    List<SyncJob> more();

    /** A job finished and was told (printed, recorded). */
    void done(JobResult result);
  }

  public SyncRunner(Repositories repositories, int parallelJobs, boolean dryRun) {
    if (parallelJobs < 1) {
      throw new IllegalArgumentException("parallel jobs must be at least 1");
    }
    this.repositories = repositories;
    this.parallelJobs = parallelJobs;
    this.checks = parallelJobs;
    this.dryRun = dryRun;
  }

  /** This runner telling {@code commits} before each tag it writes. */
  public SyncRunner tellingBeforeEachTag(TagCommits c) {
    this.commits = c;
    return this;
  }

  /** This runner asking {@code check} before each tag it writes, ahead of the records' trace (a queue row's claim). */
  public SyncRunner fencedBy(TagCommits check) {
    this.fence = check;
    return this;
  }

  /**
   * This runner taking more jobs from {@code source} whenever at most {@code whenAtMost} of its
   * jobs are unfinished, until it has no more; {@code added} is told how many came each time.
   */
  public SyncRunner feeding(JobFeed source, int whenAtMost, java.util.function.IntConsumer added) {
    this.feed = source;
    this.feedWhenAtMost = whenAtMost;
    this.onJobsAdded = added;
    return this;
  }

  /** This runner making each destination repository ready with {@code c} before its first write. */
  public SyncRunner creatingRepositories(dev.imagesync.registry.RepositoryCreation c) {
    this.creation = c;
    return this;
  }

  /** This runner checking {@code n} images at once (HEADs at both ends), besides copying --jobs of them. */
  /** {@code sync --repair}: tags already at the source's digest have what they reach checked, and what is missing sent again. */
  public SyncRunner repairing(boolean on) {
    this.repair = on;
    return this;
  }

  public SyncRunner checking(int n) {
    this.checks = n;
    return this;
  }

  /** This runner carrying referrers as {@code policy} says. */
  public SyncRunner carrying(ReferrerPolicy policy) {
    this.referrers = policy;
    return this;
  }

  /**
   * Runs every job; {@code onJobDone} sees each job's results as soon as it finishes (in
   * completion order). The returned list is in input order.
   */
  public SyncOutcome run(List<SyncJob> jobs, Consumer<JobResult> onJobDone) {
    return run(jobs, List.of(), onJobDone);
  }

  /** The same, then deletes {@code prunes} (after every copy: a run that fails half way has pruned nothing yet). */
  public SyncOutcome run(List<SyncJob> jobs, List<Prune> prunes, Consumer<JobResult> onJobDone) {
    CopyStats stats = new CopyStats();
    ContentLedger ledger = new ContentLedger();
    ReferrerLedger referrerLedger = new ReferrerLedger();
    PreparedRepositories prepared = new PreparedRepositories(creation);
    SourceManifests manifests = new SourceManifests();
    // A dry run only compares digests: nothing to transfer in parallel.
    Transfers transfers = dryRun ? Transfers.sequential() : Transfers.parallel(2 * parallelJobs, parallelJobs);
    // Jobs start checking (HEADs at both ends) at `checks` at once (--checks; the command's default
    // is four times --jobs, at most CHECKS): measured on the long link, a no-op over 2,000 tags
    // took 13.7 s with 32 at once, 5.5 s with 128; those that have something to copy then take one
    // of the --jobs copy slots (Transfers.copying).
    ExecutorService pool = Executors.newFixedThreadPool(feed != null ? checks : Math.min(checks, Math.max(1, jobs.size())), r -> {
      Thread t = new Thread(r, "imagesync-job");
      t.setDaemon(true);
      return t;
    });
    // Connections, schemes, challenges and tokens on their way while the jobs start.
    repositories.prepare(jobs.stream().map(SyncJob::source).toList(), jobs.stream().map(SyncJob::destination).toList());
    TagCommits beforeTag = fence.then(commits);
    try {
      java.util.concurrent.CompletionService<JobResult> finishing = new java.util.concurrent.ExecutorCompletionService<>(pool);
      List<Future<JobResult>> futures = new ArrayList<>();
      java.util.function.Consumer<SyncJob> submit = job -> futures.add(finishing.submit(() -> {
        JobResult result = ImageCopier.copy(job, repositories, stats, ledger, dryRun, beforeTag, transfers, referrers, referrerLedger, prepared,
            manifests, repair);
        synchronized (onJobDone) {
          try {
            onJobDone.accept(result);
          } catch (RuntimeException e) {
            // Telling of one image failed (printing, a record): the others are still copied and told.
            LOG.warn("cannot report {}: {}", job.source(), e.toString());
          }
        }
        return result;
      }));
      jobs.forEach(submit);
      int unfinished = jobs.size();
      boolean more = feed != null;
      boolean asked = false;
      while (unfinished > 0 || more) {
        // The first batch at once, beside the lists' jobs; each next one as the jobs in hand drain.
        if (more && (!asked || unfinished <= feedWhenAtMost)) {
          asked = true;
          List<SyncJob> next = feed.more();
          if (next.isEmpty()) {
            more = false;
          } else {
            onJobsAdded.accept(next.size());
            next.forEach(submit);
            unfinished += next.size();
          }
          continue;
        }
        JobResult result = finishing.take().get();
        unfinished--;
        if (feed != null) {
          feed.done(result);
        }
      }
      List<JobResult> all = new ArrayList<>();
      for (Future<JobResult> f : futures) {
        all.add(f.get());
      }
      for (JobResult pruned : Pruner.prune(prunes, repositories, dryRun)) {
        synchronized (onJobDone) {
          onJobDone.accept(pruned);
        }
        all.add(pruned);
      }
      return new SyncOutcome(all, stats, java.util.Map.of(), java.util.List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a job crashed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
      transfers.close();
    }
  }
}
