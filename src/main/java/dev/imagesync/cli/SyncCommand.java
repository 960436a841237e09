package dev.imagesync.cli;

import dev.imagesync.config.InputException;
import dev.imagesync.sync.JobPlanner;
import dev.imagesync.sync.Shard;
import dev.imagesync.sync.SyncRunner;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imagesync sync FILE... --to REGISTRY[/NAMESPACE]}: read the lists, copy, report. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Copies every image of the lists to the destination, byte for byte, skipping tags that are already up to date.")
final class SyncCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ListOptions lists;
  @Mixin RegistryOptions registries;
  @Mixin CredentialOptions credentials;
  @Mixin OutputOptions output;
  @Mixin RecordOptions recordOptions;
  @Mixin RunOutputs outputs;
  @Mixin ReferrerOptions referrerOptions;
  @Mixin QueueOptions queueOptions;
  @Mixin AcrOptions acrOptions;

  @Option(names = {"-j", "--jobs", "--proc"}, paramLabel = "N", defaultValue = "32",
      description = "images copied at the same time, and blob transfers at once in the whole run (default: ${DEFAULT-VALUE})")
  int jobs;

  @Option(names = "--dry-run", description = "compare digests and say what would be copied or skipped; write nothing")
  boolean dryRun;

  @Option(names = "--shard", paramLabel = "I/N", description = "run only the I-th of N parts, split by destination repository (a CI matrix)")
  String shard;




  @Override
  public Integer call() {
    output.apply();
    outputs.check();
    recordOptions.check(dryRun);
    dev.imagesync.sync.ReferrerPolicy referrers = referrerOptions.policy();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (jobs < 1 || jobs > 64) {
      throw new InputException("--jobs: must be between 1 and 64, got " + jobs);
    }
    Shard part;
    try {
      part = shard == null ? Shard.ALL : Shard.parse(shard);
    } catch (IllegalArgumentException e) {
      throw new InputException("--shard: " + e.getMessage());
    }
    java.util.Optional<dev.imagesync.acr.AcrRepositories> acr = acrOptions.open(registries);
    try {
      if (queueOptions.given()) {
        return withQueue(out, err, part, referrers, AcrOptions.orNone(acr));
      }
      PlannedRun planned = PlannedRun.prepare(lists, registries, credentials, jobs, dryRun, err);
      SyncRunner runner = planned.runner().carrying(referrers).creatingRepositories(AcrOptions.orNone(acr));
      JobPlanner.Plan plan = planned.plan().only(part);

      return new RunExecution(out, err, output, recordOptions, outputs, dryRun).execute(planned.session(), runner, plan);
    } finally {
      acr.ifPresent(dev.imagesync.acr.AcrRepositories::close);
    }
  }

  /**
   * A run that takes the queue's rows too: claims them (a dry run only reads them), runs them
   * with the lists, then records each row's outcome. Rows claimed and not recorded — bad input in
   * a list, a run stopped early — are given back for the next run.
   */
  private int withQueue(PrintWriter out, PrintWriter err, Shard part, dev.imagesync.sync.ReferrerPolicy referrers,
      dev.imagesync.registry.RepositoryCreation creation) {
    java.util.Map<String, String> env = Main.environment;
    dev.imagesync.queue.QueueAddress address = queueOptions.address(env);
    java.util.List<dev.imagesync.config.Naming> destinations =
        QueueOptions.destinations(dev.imagesync.config.Destination.find(lists.to, env), lists.keepPath, env);
    if (part.count() > 1) {
      throw new InputException("--queue and --shard do not go together: the queue already shares its rows among runs");
    }
    try (dev.imagesync.queue.ImageQueue queue = dev.imagesync.queue.ImageQueue.open(address, registries.timeout())) {
      java.util.List<dev.imagesync.queue.QueueRow> rows = dryRun ? queue.pending(queueOptions.attempts) : queue.claim(queueOptions.attempts);
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
        dev.imagesync.queue.QueueRun rowsRun = dev.imagesync.queue.QueueRun.of(rows, destinations);
        err.println("imagesync: queue " + address + ": " + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + " to push");
        rowsRun.invalidRows().forEach(out::println);
        if (rowsRun.rules().isEmpty() && !lists.namesAnything()) {
          int invalid = rowsRun.invalidRows().size();
          if (!dryRun && invalid > 0) {
            err.println(rowsRun.finish(queue, java.util.List.of(), queueOptions.attempts));
          }
          return invalid > 0 ? Main.EXIT_FAILED : 0;
        }
        PlannedRun planned = PlannedRun.prepare(lists, registries, credentials, jobs, dryRun, err, rowsRun.rules());
        SyncRunner runner = planned.runner().carrying(referrers).creatingRepositories(creation);
        int code = new RunExecution(out, err, output, recordOptions, outputs, dryRun).execute(planned.session(), runner, planned.plan(),
            outcome -> dryRun ? java.util.Optional.empty()
                : java.util.Optional.of(rowsRun.finish(queue, outcome.jobs(), queueOptions.attempts).toString()));
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
