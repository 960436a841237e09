package dev.imagesync.cli;

import dev.imagesync.report.RunRecords;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where a sync keeps its records (the markdown files of the existing workflows). */
final class RecordOptions {

  @Option(names = "--history", paramLabel = "FILE", defaultValue = "transfer_history.md",
      description = "append a row per copied tag to this markdown table (default: ${DEFAULT-VALUE})")
  Path history;

  @Option(names = "--image-list", paramLabel = "FILE", defaultValue = "image_list.md",
      description = "keep the source -> mirror mapping table here, one row per pair (default: ${DEFAULT-VALUE})")
  Path imageList;

  @Option(names = "--no-history", description = "write neither transfer_history.md nor image_list.md")
  boolean noHistory;

  /** Refuses, before anything is copied, record files that could not be written. */
  void check(boolean dryRun) {
    if (!noHistory && !dryRun) {
      OutputPath.check("--history", history);
      OutputPath.check("--image-list", imageList);
    }
  }

  RunRecords records(boolean dryRun) {
    if (noHistory || dryRun) {
      return new RunRecords(Optional.empty(), Optional.empty());
    }
    return new RunRecords(Optional.of(history), Optional.of(imageList));
  }
}
