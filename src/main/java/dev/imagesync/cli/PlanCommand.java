package dev.imagesync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.imagesync.config.SyncJob;
import dev.imagesync.report.ResultPrinter;
import dev.imagesync.sync.JobPlanner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code imagesync plan ...}: what {@code sync} would copy where, one {@code SOURCE -> DESTINATION}
 * per line, after normalisation and tag expansion. Touches the network only to list tags.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "Prints SOURCE -> DESTINATION for every image and tag the lists name, without copying.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  imagesync plan images.json --to registry.example.com/mirror",
      "  imagesync plan images.yaml -o json"
    })
final class PlanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ListOptions lists;
  @Mixin RegistryOptions registries;
  @Mixin CredentialOptions credentials;
  @Mixin OutputOptions output;

  @Option(names = "--json", description = "print the plan as a JSON array (the same as -o json)")
  boolean json;

  @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text",
      description = "text: SOURCE -> DESTINATION per destination tag; json: a JSON array of {source, destination, platforms, origin}")
  String format;

  @Override
  public Integer call() throws Exception {
    output.apply();
    Outputs.check(format);
    boolean json = this.json || format.equals("json");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JobPlanner.Plan plan = PlannedRun.prepare(lists, registries, credentials, 1, true, err).plan();
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (SyncJob job : plan.jobs()) {
        for (String tag : job.tags()) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("source", job.source().toString());
          row.put("destination", job.target(tag).toString());
          row.put("platforms", job.platforms().stream().map(Object::toString).toList());
          row.put("origin", job.origin());
          job.verify().ifPresent(v -> row.put("verify", v.keys().stream().map(k -> k.name() + " (" + k.id() + ")").toList()));
          rows.add(row);
        }
      }
      for (dev.imagesync.sync.Prune p : plan.prunes()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("prune", p.target().toString());
        row.put("source", p.source().toString());
        row.put("origin", p.origin());
        rows.add(row);
      }
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    } else {
      for (SyncJob job : plan.jobs()) {
        for (String tag : job.tags()) {
          out.println(job.source() + " -> " + job.target(tag) + job.verify().map(v -> " (" + v.describe() + ")").orElse(""));
        }
      }
      plan.prunes().forEach(p -> out.println("prune " + p.target() + " (" + p.source() + " is gone)"));
    }
    plan.failures().forEach(f -> err.println(ResultPrinter.line(f)));
    return plan.failures().isEmpty() ? 0 : Main.EXIT_FAILED;
  }
}
