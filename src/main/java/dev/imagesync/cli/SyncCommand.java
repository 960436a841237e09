package dev.imagesync.cli;

import dev.imagesync.config.InputException;
import dev.imagesync.report.FailedList;
import dev.imagesync.report.GitHubActions;
import dev.imagesync.report.JsonReport;
import dev.imagesync.report.Notifications;
import dev.imagesync.report.Progress;
import dev.imagesync.report.ResultPrinter;
import dev.imagesync.report.RecordWriter;
import dev.imagesync.sync.JobPlanner;
import dev.imagesync.sync.Shard;
import dev.imagesync.sync.SyncOutcome;
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

  @Option(names = {"-j", "--jobs", "--proc"}, paramLabel = "N", defaultValue = "8", description = "images copied at the same time (default: ${DEFAULT-VALUE})")
  int jobs;

  @Option(names = "--dry-run", description = "compare digests and say what would be copied or skipped; write nothing")
  boolean dryRun;

  @Option(names = "--shard", paramLabel = "I/N", description = "run only the I-th of N parts, split by destination repository (a CI matrix)")
  String shard;

  @Option(names = "--failed-list", paramLabel = "FILE",
      description = "write the entries of the input lists whose images failed, in the lists' own format, to run just those again")
  java.nio.file.Path failedList;

  @Option(names = "--notify-url", paramLabel = "URL", description = "POST the JSON report here when the run ends (a failure to notify is only a warning)")
  String notifyUrl;

  @Option(names = "--report", paramLabel = "FILE", description = "write the run as JSON: every job with status, digests, bytes, seconds, errors; and totals")
  java.nio.file.Path report;

  @Override
  public Integer call() {
    output.apply();
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
    PlannedRun planned = PlannedRun.prepare(lists, registries, credentials, jobs, dryRun, err);
    SyncRunner runner = planned.runner();
    JobPlanner.Plan plan = planned.plan().only(part);

    ResultPrinter printer = new ResultPrinter(out, output.quiet);
    printer.print(plan.failures());
    long start = System.nanoTime();
    SyncOutcome outcome;
    try (RecordWriter records = new RecordWriter(recordOptions.records(dryRun), problem -> err.println("imagesync: warning: " + problem));
        Progress progress = Progress.start(err, System.console() != null, output.quiet, planned.session().meter(), plan.jobs().size())) {
      outcome = runner.run(plan.jobs(), job -> {
        progress.clear();
        printer.print(job.tags());
        records.add(job.tags());
        progress.jobDone();
      }).withFailures(plan.failures(), plan.failureOrigins()).withNetwork(planned.session().rateLimits().quotas(),
          planned.session().proxiesUsed());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    err.println(ResultPrinter.summary(outcome, seconds));
    // The failures again, together at the end, where a long CI log is read first.
    ResultPrinter.failureRecap(outcome).forEach(err::println);
    if (report != null) {
      try {
        JsonReport.write(report, outcome, seconds);
      } catch (java.io.IOException | RuntimeException e) {
        err.println("imagesync: warning: cannot write " + report + ": " + e.getMessage());
      }
    }
    if (failedList != null) {
      try {
        FailedList.write(failedList, outcome.jobs());
      } catch (java.io.IOException | RuntimeException e) {
        err.println("imagesync: warning: cannot write " + failedList + ": " + e.getMessage());
      }
    }
    if (!dryRun) {
      Notifications.send(outcome, seconds, notifyUrl, Main.environment, registries.proxies(Main.environment)).forEach(w -> err.println("imagesync: warning: " + w));
    }
    GitHubActions.publish(outcome, seconds, Main.environment).ifPresent(problem -> err.println("imagesync: warning: " + problem));
    return outcome.anyFailed() ? Main.EXIT_FAILED : 0;
  }
}
