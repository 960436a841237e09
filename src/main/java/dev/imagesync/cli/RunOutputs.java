package dev.imagesync.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What a run leaves behind besides its lines and records: the JSON report, the failed list, a notification. */
final class RunOutputs {

  @Option(names = "--report", paramLabel = "FILE", description = "write the run as JSON: every job with status, digests, bytes, seconds, errors; and totals")
  Path report;

  @Option(names = "--failed-list", paramLabel = "FILE",
      description = "write the entries of the input lists whose images failed, in the lists' own format, to run just those again")
  Path failedList;

  @Option(names = "--notify-url", paramLabel = "URL", description = "POST the JSON report here when the run ends (a failure to notify is only a warning)")
  String notifyUrl;
}
