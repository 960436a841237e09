package dev.imagesync.cli;

import dev.imagesync.config.InputException;
import dev.imagesync.report.JsonReport;
import dev.imagesync.sync.TagResult;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code imagesync record report.json...}: brings the --report files of a sharded run into the
 * markdown records, as if one run had written them (the shards run with --no-history).
 */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = "Adds what --report files say was copied or skipped to transfer_history.md and image_list.md (after a sharded run).",
    footerHeading = "%nExamples:%n",
    footer = {"  imagesync record reports/*.json"})
final class RecordCommand implements Callable<Integer> {

  @Parameters(paramLabel = "REPORT", arity = "1..*", description = "report files written by sync --report")
  List<Path> reports = new ArrayList<>();

  @Mixin RecordOptions recordOptions;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<TagResult> mirrored = new ArrayList<>();
    for (Path report : reports) {
      try {
        mirrored.addAll(JsonReport.readMirrored(report));
      } catch (NoSuchFileException e) {
        throw new InputException(report + ": no such file");
      } catch (IOException | IllegalArgumentException e) {
        throw new InputException(e instanceof IllegalArgumentException ? e.getMessage() : report + ": " + e.getMessage());
      }
    }
    java.util.Optional<String> problem = recordOptions.records(false).record(mirrored);
    problem.ifPresent(p -> spec.commandLine().getErr().println("imagesync: " + p));
    return problem.isPresent() ? Main.EXIT_FAILED : 0;
  }
}
