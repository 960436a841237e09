package dev.imagesync.cli;

import java.nio.file.Path;
import dev.imagesync.config.InputException;
import picocli.CommandLine.Option;

/** What a run says and leaves behind besides its records: its lines on stdout (how many, text or JSON), the JSON report, the failed list, a notification. */
final class RunOutputs {

  @Option(names = "--report", paramLabel = "FILE", description = "write the run as JSON: every job with status, digests, bytes, seconds, errors; and totals")
  Path report;

  @Option(names = "--failed-list", paramLabel = "FILE.json",
      description = "write what failed as an images.json, whatever the inputs were: `imagesync sync FILE.json` runs exactly those tags again")
  Path failedList;

  @Option(names = "--notify-url", paramLabel = "URL", description = "POST the JSON report here when the run ends (a failure to notify is only a warning)")
  String notifyUrl;

  @Option(names = {"-q", "--quiet"}, description = "print only failures and the summary: no line per copied or skipped tag, no progress")
  boolean quiet;

  @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text",
      description = "the line per destination tag on stdout: text, or json (one JSON object per line: status, source, target, digest, note, reason); the summary stays on stderr")
  String output;

  /** Whether stdout carries JSON lines. */
  boolean json() {
    return "json".equals(output);
  }

  /** Refuses, before anything runs, what could only fail at the end. */
  void check() {
    if (!"text".equals(output) && !"json".equals(output)) {
      throw new InputException("--output: '" + output + "' is neither text nor json");
    }
    // The list is read back by its name: a .md or .yaml name would read the JSON as the wrong format.
    if (failedList != null && !failedList.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
      throw new InputException("--failed-list: '" + failedList + "' does not end in .json; the failed list is an images.json (it holds entries from every input format)");
    }
    OutputPath.check("--report", report);
    OutputPath.check("--failed-list", failedList);
  }
}
