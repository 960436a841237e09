package dev.imagesync.cli;

import dev.imagesync.registry.RegistrySession;
import dev.imagesync.report.FailedList;
import dev.imagesync.report.GitHubActions;
import dev.imagesync.report.JsonReport;
import dev.imagesync.report.Notifications;
import dev.imagesync.report.Progress;
import dev.imagesync.report.RecordWriter;
import dev.imagesync.report.ResultPrinter;
import dev.imagesync.sync.CopyStats;
import dev.imagesync.sync.JobPlanner;
import dev.imagesync.sync.JobResult;
import dev.imagesync.sync.SyncOutcome;
import dev.imagesync.sync.SyncRunner;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs planned jobs and reports them, the same for {@code sync} and {@code copy}: a line per
 * destination tag and progress as images finish, the records, the summary and the failures
 * again, then the JSON report, the failed list, notifications and the GitHub step summary.
 */
final class RunExecution {

  /** The exit codes of a run (sync, copy), as their help lists them. */
  static final String EXIT_0 = "0:every tag was copied or already up to date";
  static final String EXIT_1 = "1:an image failed (the others were still copied), or records could not be written";
  static final String EXIT_2 = "2:bad input or usage; nothing was copied";
  static final String EXIT_130 = "130:interrupted (143: SIGTERM); what finished is recorded";

  /** How long a stopped run waits for registries to confirm its cancelled uploads. */
  private static final java.time.Duration UPLOAD_CANCEL_WAIT = java.time.Duration.ofSeconds(5);

  private final PrintWriter out;
  private final PrintWriter err;
  private final RecordOptions recordOptions;
  private final RunOutputs outputs;
  private final boolean dryRun;

  RunExecution(PrintWriter out, PrintWriter err, RecordOptions recordOptions, RunOutputs outputs, boolean dryRun) {
    this.out = out;
    this.err = err;
    this.recordOptions = recordOptions;
    this.outputs = outputs;
    this.dryRun = dryRun;
  }

  /** Returns the exit code. */
  int execute(RegistrySession session, SyncRunner runner, JobPlanner.Plan plan) {
    return execute(session, runner, plan, outcome -> Optional.empty());
  }

  /**
   * The same; {@code afterRun} records the outcome elsewhere too (the queue's rows) right after the
   * run, and returns a line for the output. When it fails, the run fails.
   */
  int execute(RegistrySession session, SyncRunner runner, JobPlanner.Plan plan, java.util.function.Function<SyncOutcome, Optional<String>> afterRun) {
    return execute(session, runner, plan, afterRun, null, 0);
  }

  /**
   * The same, with jobs that keep arriving from {@code feed} (a queue's batches), asked for
   * whenever at most {@code feedWhenAtMost} are unfinished.
   */
  int execute(RegistrySession session, SyncRunner runner, JobPlanner.Plan plan, java.util.function.Function<SyncOutcome, Optional<String>> afterRun,
      SyncRunner.JobFeed feed, int feedWhenAtMost) {
    ResultPrinter printer = new ResultPrinter(out, outputs.quiet, outputs.json());
    printer.print(plan.failures());
    long start = System.nanoTime();
    SyncOutcome outcome;
    List<JobResult> finished = new CopyOnWriteArrayList<>();
    dev.imagesync.report.RunRecords runRecords = recordOptions.records(dryRun);
    runner.tellingBeforeEachTag(runRecords.commits());
    try (RecordWriter records = new RecordWriter(runRecords, problem -> warn(problem));
        Progress progress = Progress.start(err, System.console() != null, outputs.quiet, session.meter(), plan.jobs().size())) {
      // Ctrl-C (or a SIGTERM from CI): what finished keeps its records and report, in one line.
      Thread interrupted = new Thread(() -> onInterrupt(session, progress, records, finished, progress.total(), start), "imagesync-interrupt");
      Runtime.getRuntime().addShutdownHook(interrupted);
      if (feed != null) {
        runner.feeding(feed, feedWhenAtMost, progress::moreJobs);
      }
      try {
        outcome = runner.run(plan.jobs(), plan.prunes(), job -> {
          progress.clear();
          printer.print(job.tags());
          records.add(job.tags());
          finished.add(job);
          progress.jobDone();
        }).withFailures(plan.failures(), plan.failedRules()).withNetwork(session.rateLimits().quotas(), session.proxiesUsed());
        session.finishArchives();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(interrupted);
        } catch (IllegalStateException exiting) {
          // the JVM is already shutting down: the hook runs
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    err.println(ResultPrinter.summary(outcome, seconds));
    // Rows that could not be written (a full disk) fail the run, though every image was copied.
    Optional<String> unrecorded = runRecords.unrecorded();
    unrecorded.ifPresent(line -> err.println("imagesync: " + line));
    boolean recorded = true;
    try {
      afterRun.apply(outcome).ifPresent(err::println);
    } catch (RuntimeException e) {
      err.println("imagesync: " + dev.imagesync.secrets.Secrets.redact(String.valueOf(e.getMessage())));
      recorded = false;
    }
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
      Notifications.send(outcome, seconds, outputs.notifyUrl, Main.environment, session.proxies()).forEach(this::warn);
    }
    GitHubActions.publish(outcome, seconds, Main.environment).ifPresent(this::warn);
    return outcome.anyFailed() || !recorded || unrecorded.isPresent() ? Main.EXIT_FAILED : 0;
  }

  /**
   * The JVM is stopping before the run ended (SIGINT, SIGTERM): clears the status line, removes
   * the docker archives not finished, cancels the upload sessions still open at registries, writes the records still queued and the report
   * of the images that finished, and says so in one line. The exit status is the signal's (130
   * for Ctrl-C).
   */
  private void onInterrupt(RegistrySession session, Progress progress, RecordWriter records, List<JobResult> finished, int total, long start) {
    progress.close();
    records.close(); // first: a second signal or a kill must not cost the records
    session.discardArchives(); // a docker archive not finished is not left half-written beside its path
    dev.imagesync.registry.CancelledUploads cancelled = session.cancelOpenUploads(UPLOAD_CANCEL_WAIT);
    int n = cancelled.inFlight();
    // One short line, and what else was done below it, each on a line of its own: a terminal of
    // 80 columns does not wrap it in the middle of a path.
    List<String> also = new java.util.ArrayList<>();
    if (n > 0) {
      also.add(n + " open upload" + (n == 1 ? "" : "s") + " cancelled" + (cancelled.confirmed() == n ? ""
          : " (" + (n - cancelled.confirmed()) + " not confirmed by the registry: left to its clean-up)"));
    }
    if (outputs.report != null) {
      try {
        JsonReport.write(outputs.report, new SyncOutcome(List.copyOf(finished), new CopyStats(), java.util.Map.of(), List.of()),
            (System.nanoTime() - start) / 1e9);
        also.add("the report of those is in " + outputs.report);
      } catch (java.io.IOException | RuntimeException e) {
        also.add("cannot write " + outputs.report + ": " + e.getMessage());
      }
    }
    err.println("imagesync: interrupted: " + finished.size() + " of " + total + " images finished and are recorded");
    also.forEach(line -> err.println("  " + line));
    err.flush();
  }

  private void warn(String problem) {
    err.println("imagesync: warning: " + problem);
  }
}
