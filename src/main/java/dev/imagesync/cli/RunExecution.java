package dev.imagesync.cli;

import dev.imagesync.registry.RegistrySession;
import dev.imagesync.report.FailedList;
import dev.imagesync.report.GitHubActions;
import dev.imagesync.report.JsonReport;
import dev.imagesync.report.Notifications;
import dev.imagesync.report.Progress;
import dev.imagesync.report.RecordWriter;
import dev.imagesync.report.ResultPrinter;
import dev.imagesync.sync.JobPlanner;
import dev.imagesync.sync.SyncOutcome;
import dev.imagesync.sync.SyncRunner;
import java.io.PrintWriter;

/**
 * Runs planned jobs and reports them, the same for {@code sync} and {@code copy}: a line per
 * destination tag and progress as images finish, the records, the summary and the failures
 * again, then the JSON report, the failed list, notifications and the GitHub step summary.
 */
final class RunExecution {

  private final PrintWriter out;
  private final PrintWriter err;
  private final OutputOptions output;
  private final RecordOptions recordOptions;
  private final RunOutputs outputs;
  private final RegistryOptions registries;
  private final boolean dryRun;

  RunExecution(PrintWriter out, PrintWriter err, OutputOptions output, RecordOptions recordOptions, RunOutputs outputs,
      RegistryOptions registries, boolean dryRun) {
    this.out = out;
    this.err = err;
    this.output = output;
    this.recordOptions = recordOptions;
    this.outputs = outputs;
    this.registries = registries;
    this.dryRun = dryRun;
  }

  /** Returns the exit code. */
  int execute(RegistrySession session, SyncRunner runner, JobPlanner.Plan plan) {
    ResultPrinter printer = new ResultPrinter(out, output.quiet);
    printer.print(plan.failures());
    long start = System.nanoTime();
    SyncOutcome outcome;
    try (RecordWriter records = new RecordWriter(recordOptions.records(dryRun), problem -> warn(problem));
        Progress progress = Progress.start(err, System.console() != null, output.quiet, session.meter(), plan.jobs().size())) {
      outcome = runner.run(plan.jobs(), job -> {
        progress.clear();
        printer.print(job.tags());
        records.add(job.tags());
        progress.jobDone();
      }).withFailures(plan.failures(), plan.failureOrigins()).withNetwork(session.rateLimits().quotas(), session.proxiesUsed());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    err.println(ResultPrinter.summary(outcome, seconds));
    // The failures again, together at the end, where a long CI log is read first.
    ResultPrinter.failureRecap(outcome).forEach(err::println);
    if (outputs.report != null) {
      try {
        JsonReport.write(outputs.report, outcome, seconds);
      } catch (java.io.IOException | RuntimeException e) {
        warn("cannot write " + outputs.report + ": " + e.getMessage());
      }
    }
    if (outputs.failedList != null) {
      try {
        FailedList.write(outputs.failedList, outcome.jobs());
      } catch (java.io.IOException | RuntimeException e) {
        warn("cannot write " + outputs.failedList + ": " + e.getMessage());
      }
    }
    if (!dryRun) {
      Notifications.send(outcome, seconds, outputs.notifyUrl, Main.environment, registries.proxies(Main.environment)).forEach(this::warn);
    }
    GitHubActions.publish(outcome, seconds, Main.environment).ifPresent(this::warn);
    return outcome.anyFailed() ? Main.EXIT_FAILED : 0;
  }

  private void warn(String problem) {
    err.println("imagesync: warning: " + problem);
  }
}
