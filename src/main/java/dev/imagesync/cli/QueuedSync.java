package dev.imagesync.cli;

import dev.imagesync.config.Destination;
import dev.imagesync.config.InputException;
import dev.imagesync.config.Naming;
import dev.imagesync.queue.ImageQueue;
import dev.imagesync.queue.LeaseRenewal;
import dev.imagesync.queue.QueueAddress;
import dev.imagesync.queue.QueueRow;
import dev.imagesync.queue.QueueRun;
import dev.imagesync.registry.RateLimits;
import dev.imagesync.registry.RepositoryCreation;
import dev.imagesync.secrets.Printable;
import dev.imagesync.sync.ReferrerPolicy;
import dev.imagesync.sync.Shard;
import dev.imagesync.sync.SyncRunner;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code sync --queue}: the run of a {@link SyncCommand} that takes the MySQL queue's rows too. */
final class QueuedSync {

  private final SyncCommand sync;
  private final boolean dryRun;

  QueuedSync(SyncCommand sync) {
    this.sync = sync;
    this.dryRun = sync.dryRun;
  }

  /**
   * A run that takes the queue's rows too: claims them (a dry run only reads them), runs them
   * with the lists, then records each row's outcome. Rows claimed and not recorded — bad input in
   * a list, a run stopped early — are given back for the next run.
   */
  int run(PrintWriter out, PrintWriter err, Shard part, ReferrerPolicy referrers,
      RepositoryCreation creation) {
    Map<String, String> env = Main.environment;
    QueueAddress address = sync.queueOptions.address(env);
    List<Naming> destinations =
        QueueOptions.destinations(Destination.find(sync.lists.to, env), sync.lists.keepPath, env);
    if (part.count() > 1) {
      throw new InputException("--queue and --shard do not go together: the queue already shares its rows among runs");
    }
    java.time.Duration lease = sync.queueOptions.lease();
    try (ImageQueue queue = ImageQueue.open(address, sync.registries.timeout());
        LeaseRenewal renewal = dryRun ? LeaseRenewal.NONE : LeaseRenewal.every(lease.dividedBy(3), queue::renew, err)) {
      List<QueueRow> rows = dryRun ? queue.pending(sync.queueOptions.attempts) : queue.claim(sync.queueOptions.attempts, lease);
      int heldElsewhere = queue.heldByOthers(sync.queueOptions.attempts, lease);
      Thread giveBack = new Thread(() -> {
        try {
          queue.release();
        } catch (RuntimeException ignored) {
          // stopping anyway: the claim expires
        }
      }, "imagesync-queue-release");
      if (!dryRun) {
        Runtime.getRuntime().addShutdownHook(giveBack);
      }
      try {
        QueueRun rowsRun = QueueRun.of(rows, destinations);
        err.println("imagesync: queue " + address + ": " + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + " to push"
            + (heldElsewhere == 0 ? "" : "; " + heldElsewhere + " held by other runs (they return to the queue if not renewed for "
                + RateLimits.duration(lease.toSeconds()) + ")"));
        rowsRun.invalidRows().forEach(row -> out.println(Printable.escaped(row)));
        rowsRun.deferredRows().forEach(d -> err.println("imagesync: notice: " + Printable.escaped(d)));
        if (rowsRun.rules().isEmpty() && !sync.lists.namesAnything()) {
          int invalid = rowsRun.invalidRows().size();
          if (!dryRun && invalid > 0) {
            err.println(rowsRun.finish(queue, List.of(), sync.queueOptions.attempts));
          }
          return invalid > 0 ? Main.EXIT_FAILED : 0;
        }
        PlannedRun planned = PlannedRun.prepare(sync.lists, sync.registries, sync.credentials, sync.jobs, dryRun, err, rowsRun.rules());
        SyncRunner runner = planned.runner().carrying(referrers).creatingRepositories(creation).checking(sync.checks());
        int code = new RunExecution(out, err, sync.recordOptions, sync.outputs, dryRun).execute(planned.session(), runner, planned.plan(),
            outcome -> dryRun ? Optional.empty()
                : Optional.of(rowsRun.finish(queue, outcome.jobs(), sync.queueOptions.attempts).toString()));
        return code == 0 && !rowsRun.invalidRows().isEmpty() ? Main.EXIT_FAILED : code;
      } finally {
        if (!dryRun) {
          queue.release();
          try {
            Runtime.getRuntime().removeShutdownHook(giveBack);
          } catch (IllegalStateException exiting) {
            // the JVM is stopping: the hook gives the rows back
          }
        }
      }
    }
  }
}
