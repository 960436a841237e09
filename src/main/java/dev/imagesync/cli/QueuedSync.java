package dev.imagesync.cli;

import dev.imagesync.config.Destination;
import dev.imagesync.config.InputException;
import dev.imagesync.config.Naming;
import dev.imagesync.queue.ImageQueue;
import dev.imagesync.queue.LeaseRenewal;
import dev.imagesync.queue.QueueAddress;
import dev.imagesync.queue.QueueFeed;
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
   * A run that takes the queue's rows too: claims them a batch at a time while it copies the
   * lists (a dry run only reads them), fences each row's tags by its claim, and records each row
   * as soon as it is done (see {@link QueueFeed}). Rows claimed and not recorded — bad input in a
   * list, a run stopped early — are given back for the next run.
   */
  int run(PrintWriter out, PrintWriter err, Shard part, ReferrerPolicy referrers,
      java.util.function.Function<dev.imagesync.registry.RegistrySession, RepositoryCreation> creation) {
    Map<String, String> env = Main.environment;
    QueueAddress address = sync.queueOptions.address(env);
    List<Naming> destinations =
        QueueOptions.destinations(Destination.find(sync.lists.to, env), sync.lists.keepPath, env);
    if (part.count() > 1) {
      throw new InputException("--queue and --shard do not go together: the queue already shares its rows among runs");
    }
    java.time.Duration lease = sync.queueOptions.lease();
    int batch = sync.queueOptions.batch(sync.jobs);
    try (ImageQueue queue = ImageQueue.open(address, sync.registries.timeout());
        LeaseRenewal renewal = dryRun ? LeaseRenewal.NONE : LeaseRenewal.every(lease.dividedBy(3), queue::renew, err)) {
      if (dryRun) {
        return dryRun(queue, out, err, destinations, referrers, creation, address);
      }
      Thread giveBack = new Thread(() -> {
        try {
          queue.release();
        } catch (RuntimeException ignored) {
          // stopping anyway: the claim expires
        }
      }, "imagesync-queue-release");
      Runtime.getRuntime().addShutdownHook(giveBack);
      try {
        int heldElsewhere = queue.heldByOthers(sync.queueOptions.attempts, lease);
        err.println("imagesync: queue " + address + ": rows claimed " + batch + " at a time"
            + (heldElsewhere == 0 ? "" : "; " + heldElsewhere + " held by other runs (they return to the queue if not renewed for "
                + RateLimits.duration(lease.toSeconds()) + ")"));
        QueueFeed feed = new QueueFeed(queue, destinations, sync.queueOptions.attempts, lease, batch,
            line -> out.println(Printable.escaped(line)), notice -> err.println("imagesync: notice: " + Printable.escaped(notice)));
        PlannedRun planned = PlannedRun.prepare(sync.lists, sync.registries, sync.credentials, sync.jobs, dryRun, err, List.of(), true);
        SyncRunner runner = planned.runner().carrying(referrers).creatingRepositories(creation.apply(planned.session())).checking(sync.checks())
            .repairing(sync.repair).fencedBy(feed);
        int code = new RunExecution(out, err, sync.recordOptions, sync.outputs, dryRun).execute(planned.session(), runner, planned.plan(),
            outcome -> Optional.of(feed.summary()), feed, sync.jobs);
        return code == 0 && feed.anyInvalid() ? Main.EXIT_FAILED : code;
      } finally {
        queue.release();
        try {
          Runtime.getRuntime().removeShutdownHook(giveBack);
        } catch (IllegalStateException exiting) {
          // the JVM is stopping: the hook gives the rows back
        }
      }
    }
  }

  /** A dry run reads the rows to push, claims none, and shows what would be copied. */
  private int dryRun(ImageQueue queue, PrintWriter out, PrintWriter err, List<Naming> destinations, ReferrerPolicy referrers,
      java.util.function.Function<dev.imagesync.registry.RegistrySession, RepositoryCreation> creation, QueueAddress address) {
    List<QueueRow> rows = queue.pending(sync.queueOptions.attempts);
    QueueRun rowsRun = QueueRun.of(rows, destinations);
    err.println("imagesync: queue " + address + ": " + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + " to push");
    rowsRun.invalidRows().forEach(row -> out.println(Printable.escaped(row)));
    rowsRun.deferredRows().forEach(d -> err.println("imagesync: notice: " + Printable.escaped(d)));
    if (rowsRun.rules().isEmpty() && !sync.lists.namesAnything()) {
      return rowsRun.invalidRows().isEmpty() ? 0 : Main.EXIT_FAILED;
    }
    PlannedRun planned = PlannedRun.prepare(sync.lists, sync.registries, sync.credentials, sync.jobs, true, err, rowsRun.rules(), true);
    SyncRunner runner = planned.runner().carrying(referrers).creatingRepositories(creation.apply(planned.session())).checking(sync.checks())
        .repairing(sync.repair);
    int code = new RunExecution(out, err, sync.recordOptions, sync.outputs, true).execute(planned.session(), runner, planned.plan());
    return code == 0 && !rowsRun.invalidRows().isEmpty() ? Main.EXIT_FAILED : code;
  }
}
