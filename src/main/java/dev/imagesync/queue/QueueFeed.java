package dev.imagesync.queue;

import dev.imagesync.config.Naming;
import dev.imagesync.config.SyncJob;
import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.sync.JobPlanner;
import dev.imagesync.sync.JobResult;
import dev.imagesync.sync.SyncRunner;
import dev.imagesync.sync.TagCommits;
import dev.imagesync.sync.TagResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The queue's rows as jobs of a run under way: claimed {@code batch} at a time (the next batch
 * as the last drains), each row recorded as soon as every destination tag of it has a result,
 * and fenced: just before a row's tag is written, the run confirms that its claim on the row
 * still holds ({@link ImageQueue#stillHeld}); when it does not — the run's lease passed while the
 * database was away and another run took the row — the tag is not written and the row is left to
 * the run that holds it.
 *
 * <p>So N runs share one table batch by batch, and a killed run holds at most its batches in
 * hand for a lease. What is not guarded: a run that stalls for longer than the lease between the
 * check and the tag's PUT (milliseconds apart) — a lease is minutes.
 */
public final class QueueFeed implements SyncRunner.JobFeed, TagCommits {

  private final ImageQueue queue;
  private final List<Naming> destinations;
  private final int maxAttempts;
  private final Duration lease;
  private final int batch;
  /** One line per row that is no image (printed as a failed line), and notices. */
  private final Consumer<String> lines;
  private final Consumer<String> notices;
  private final QueueRun.Tally tally = new QueueRun.Tally();

  /** A row claimed and not yet recorded, with the results of its destination tags so far. */
  private record Active(QueueRun.Entry entry, List<String> pairs, Map<String, TagResult> results) {}

  /** Destination tag pair -> the rows waiting for it (two rows may ask for one copy). */
  private final Map<String, List<Active>> waiting = new ConcurrentHashMap<>();
  private volatile boolean anyInvalid;
  private volatile RuntimeException claimFailure;

  public QueueFeed(ImageQueue queue, List<Naming> destinations, int maxAttempts, Duration lease, int batch, Consumer<String> lines,
      Consumer<String> notices) {
    this.queue = queue;
    this.destinations = destinations;
    this.maxAttempts = maxAttempts;
    this.lease = lease;
    this.batch = batch;
    this.lines = lines;
    this.notices = notices;
  }

  /** Claims the next batch and plans it; empty when the queue has nothing left for this run (or cannot be reached). */
  @Override
  public List<SyncJob> more() {
    while (true) {
      List<QueueRow> rows;
      try {
        rows = queue.claim(maxAttempts, lease, batch);
      } catch (RuntimeException e) {
        // The rows claimed so far are still copied and recorded; the run fails with this line.
        claimFailure = e;
        return List.of();
      }
      if (rows.isEmpty()) {
        return List.of();
      }
      List<SyncJob> jobs = plan(QueueRun.of(rows, destinations));
      if (!jobs.isEmpty()) {
        return jobs;
      }
      // A batch of rows that are no image, or all waiting: the next batch, without a round of the runner.
    }
  }

  private List<SyncJob> plan(QueueRun run) {
    run.deferredRows().forEach(notices);
    run.invalidRows().forEach(lines);
    anyInvalid |= !run.invalidRows().isEmpty();
    List<SyncJob> jobs = new ArrayList<>();
    for (QueueRun.Entry e : run.entries()) {
      if (e.invalid().isPresent()) {
        tally.add(QueueRun.finishRow(queue, e, Map.of(), maxAttempts));
      } else if (e.rule().isPresent()) {
        Active active = new Active(e, run.pairs(e), new ConcurrentHashMap<>());
        active.pairs().forEach(p -> waiting.computeIfAbsent(p, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(active));
        try {
          // One row at a time: a row's trouble stays its own. Fixed tags: planning asks no registry.
          jobs.addAll(new JobPlanner(repository -> {
            throw new IllegalStateException("a queue row names its tag");
          }).plan(List.of(e.rule().get())).jobs());
        } catch (RuntimeException failure) {
          active.pairs().forEach(p -> active.results().put(p, TagResult.failed(e.rule().get().source(), e.rule().get().source(),
              java.util.Optional.empty(), String.valueOf(failure.getMessage()))));
          record(active);
        }
      }
    }
    return jobs;
  }

  @Override
  public void done(JobResult result) {
    Map<String, TagResult> byPair = new HashMap<>();
    result.tags().forEach(t -> byPair.merge(QueueRun.pair(t.source(), t.target()), t, QueueRun::failureFirst));
    byPair.forEach((pair, tagResult) -> {
      List<Active> rows = waiting.remove(pair);
      if (rows != null) {
        for (Active active : snapshot(rows)) {
          active.results().merge(pair, tagResult, QueueRun::failureFirst);
          if (active.results().keySet().containsAll(active.pairs())) {
            record(active);
          }
        }
      }
    });
  }

  private void record(Active active) {
    active.pairs().forEach(p -> {
      List<Active> others = waiting.get(p);
      if (others != null) {
        others.remove(active);
      }
    });
    try {
      tally.add(QueueRun.finishRow(queue, active.entry(), active.results(), maxAttempts));
    } catch (RuntimeException e) {
      // Not recorded now (the database is away): the claim lapses and the next run finds the tags up to date.
      claimFailure = e;
    }
  }

  /** The rows waiting for a tag, as they are now (the list is shared with the job threads). */
  private static List<Active> snapshot(List<Active> rows) {
    synchronized (rows) {
      return List.copyOf(rows);
    }
  }

  /** The fence: a row's tag is written only while this run's claim on the row holds. */
  @Override
  public void beforeTag(ImageReference source, ImageReference target, Digest digest, java.util.Optional<Digest> was) {
    List<Active> rows = waiting.get(QueueRun.pair(source, target));
    if (rows == null) {
      return; // not a queue row's tag (a list's)
    }
    List<Active> now = snapshot(rows);
    if (now.isEmpty()) {
      return;
    }
    String lost = null;
    for (Active active : now) {
      try {
        if (queue.stillHeld(active.entry().row())) {
          return;
        }
        lost = active.entry().row().origin() + " is no longer this run's: its lease passed (the database could not be reached for "
            + "longer than --queue-lease?) and another run took it; that run writes and records it";
      } catch (RuntimeException e) {
        lost = "cannot confirm this run's claim on " + active.entry().row().origin() + ": " + e.getMessage();
      }
    }
    throw new TagCommits.Refused("not tagged: " + lost);
  }

  /** Whether a row was no image (given up at once): the run fails, as its line says. */
  public boolean anyInvalid() {
    return anyInvalid;
  }

  /** The line for the summary; throws when claiming or recording failed, so that the run fails. */
  public String summary() {
    if (claimFailure != null) {
      throw new QueueException(tally.summary() + "; " + claimFailure.getMessage(), claimFailure);
    }
    return tally.summary().toString();
  }
}
