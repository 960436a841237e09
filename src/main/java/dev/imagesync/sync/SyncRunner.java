package dev.imagesync.sync;

import dev.imagesync.config.SyncJob;
import dev.imagesync.registry.CredentialProvider;
import dev.imagesync.registry.RegistryContext;
import dev.imagesync.registry.RegistrySession;
import dev.imagesync.registry.TransportPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs sync jobs with bounded concurrency. One failed job never stops the others; each job has
 * its own {@link RegistrySession}, released as soon as the job ends.
 */
public final class SyncRunner {

  private final RegistryContext context;
  private final int parallelJobs;
  private final boolean dryRun;

  public SyncRunner(TransportPolicy policy, CredentialProvider credentials, int parallelJobs, boolean dryRun) {
    if (parallelJobs < 1) {
      throw new IllegalArgumentException("parallel jobs must be at least 1");
    }
    this.context = RegistryContext.of(policy, credentials);
    this.parallelJobs = parallelJobs;
    this.dryRun = dryRun;
  }

  /** Lists tags through a short-lived session (for {@link JobPlanner}). */
  public JobPlanner.TagLister tagLister() {
    return repository -> {
      try (RegistrySession session = new RegistrySession(context)) {
        return session.openForPull(repository).listTags();
      }
    };
  }

  /**
   * Runs every job; {@code onJobDone} sees each job's results as soon as it finishes (in
   * completion order). The returned list is in input order.
   */
  public SyncOutcome run(List<SyncJob> jobs, Consumer<List<TagResult>> onJobDone) {
    CopyStats stats = new CopyStats();
    ContentLedger ledger = new ContentLedger();
    SessionPool sessions = new SessionPool();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelJobs, Math.max(1, jobs.size())), r -> {
      Thread t = new Thread(r, "imagesync-job");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<List<TagResult>>> futures = new ArrayList<>();
      for (SyncJob job : jobs) {
        futures.add(pool.submit(() -> {
          PooledSession session = sessions.take();
          List<TagResult> results;
          try {
            results = ImageCopier.copy(job, session.session, stats, ledger, dryRun);
          } finally {
            sessions.giveBack(session);
          }
          synchronized (onJobDone) {
            onJobDone.accept(results);
          }
          return results;
        }));
      }
      List<TagResult> all = new ArrayList<>();
      for (Future<List<TagResult>> f : futures) {
        all.addAll(f.get());
      }
      return new SyncOutcome(all, stats, context.rateLimits().quotas());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a job crashed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
      sessions.closeAll();
    }
  }

  /** A session and how many jobs it has served. */
  private static final class PooledSession {
    final RegistrySession session;
    int jobs;

    PooledSession(RegistrySession session) {
      this.session = session;
    }
  }

  /**
   * Sessions shared by the jobs of a run, one job at a time each: a repository authenticates once
   * per session instead of once per job. Each is closed after {@link #JOBS_PER_SESSION} jobs, so
   * what Jib's client retains until shutdown stays bounded.
   */
  private final class SessionPool {
    static final int JOBS_PER_SESSION = 32;
    private final java.util.concurrent.ConcurrentLinkedDeque<PooledSession> idle = new java.util.concurrent.ConcurrentLinkedDeque<>();

    PooledSession take() {
      PooledSession s = idle.pollFirst();
      return s != null ? s : new PooledSession(new RegistrySession(context));
    }

    void giveBack(PooledSession s) {
      if (++s.jobs >= JOBS_PER_SESSION) {
        s.session.close();
      } else {
        idle.addFirst(s);
      }
    }

    void closeAll() {
      for (PooledSession s = idle.pollFirst(); s != null; s = idle.pollFirst()) {
        s.session.close();
      }
    }
  }
}
