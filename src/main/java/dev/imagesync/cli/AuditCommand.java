package dev.imagesync.cli;

import dev.imagesync.config.SyncJob;
import dev.imagesync.image.Json;
import dev.imagesync.sync.Audit;
import dev.imagesync.sync.JobPlanner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code imagesync audit LIST...}: the mirror the lists describe, checked whole without pulling a
 * layer (see {@link Audit}); one line per problem, a summary, exit 1 on any gap.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Checks that the mirror the lists describe is whole, without pulling layers: every destination tag is there at the "
        + "source's digest (else missing or stale), and every manifest and blob it reaches is present (HEADs; referrers too with "
        + "--referrers). One line per problem, a summary on stderr; sync --repair sends what is missing again.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:the mirror is whole", " 1:a tag is missing or stale, something it reaches is missing, or a registry failed",
      " 2:bad input"},
    footerHeading = "%nExamples:%n",
    footer = {"  imagesync audit images.json --to registry.example.com/mirror", "  imagesync audit images.yaml --referrers -o json"})
final class AuditCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ListOptions lists;
  @Mixin RegistryOptions registries;
  @Mixin CredentialOptions credentials;
  @Mixin OutputOptions logging;

  @Option(names = "--referrers", description = "check each image's referrers (signatures, SBOMs) too, and what they reach")
  boolean referrers;

  @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "8", description = "images checked at once (default: ${DEFAULT-VALUE})")
  int jobs;

  @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text",
      description = "text: a line per problem; json: one JSON object per problem and line (kind, target, digest, detail)")
  String output;

  @Override
  public Integer call() {
    logging.apply();
    Outputs.check(output);
    if (jobs < 1 || jobs > 256) {
      throw new dev.imagesync.config.InputException("--jobs: must be between 1 and 256, got " + jobs);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    PlannedRun planned = PlannedRun.prepare(lists, registries, credentials, jobs, true, err);
    try (var session = planned.session()) {
      JobPlanner.Plan plan = planned.plan();
      Audit audit = new Audit(session, referrers || plan.jobs().stream().anyMatch(SyncJob::referrers));
      ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
        Thread t = new Thread(r, "imagesync-audit");
        t.setDaemon(true);
        return t;
      });
      List<CompletableFuture<List<Audit.Problem>>> started = new ArrayList<>();
      for (SyncJob job : plan.jobs()) {
        started.add(CompletableFuture.supplyAsync(() -> audit.audit(job), pool));
      }
      int tags = plan.jobs().stream().mapToInt(j -> j.tags().size()).sum();
      List<Audit.Problem> problems = new ArrayList<>();
      plan.failures().forEach(f -> problems.add(new Audit.Problem("failed", f.target(), java.util.Optional.empty(),
          f.reason().orElse("could not be planned"))));
      for (CompletableFuture<List<Audit.Problem>> f : started) {
        List<Audit.Problem> found = f.join();
        problems.addAll(found);
        found.forEach(p -> out.println(line(p)));
        out.flush();
      }
      pool.shutdownNow();
      plan.failures().forEach(f -> out.println(line(new Audit.Problem("failed", f.target(), java.util.Optional.empty(),
          f.reason().orElse("could not be planned")))));
      long missing = problems.stream().filter(p -> p.kind().equals("missing")).count();
      long stale = problems.stream().filter(p -> p.kind().equals("stale")).count();
      long gaps = problems.stream().filter(p -> p.kind().equals("gap")).count();
      long failed = problems.stream().filter(p -> p.kind().equals("failed")).count();
      long withProblems = problems.stream().map(Audit.Problem::target).distinct().count();
      err.println(String.format("audited %d tag%s in %.1f s: %d whole, %d missing, %d stale, %d with content missing (%d gap%s)%s", tags,
          tags == 1 ? "" : "s", (System.nanoTime() - start) / 1e9, Math.max(0, tags - withProblems), missing, stale,
          problems.stream().filter(p -> p.kind().equals("gap")).map(Audit.Problem::target).distinct().count(), gaps, gaps == 1 ? "" : "s",
          failed == 0 ? "" : ", " + failed + " failed"));
      err.flush();
      return problems.isEmpty() ? 0 : Main.EXIT_FAILED;
    }
  }

  private String line(Audit.Problem p) {
    if (!output.equals("json")) {
      return dev.imagesync.secrets.Printable.escaped(p.line());
    }
    return "{\"kind\":" + Json.quoted(p.kind()) + ",\"target\":" + Json.quoted(p.target().toString()) + ",\"digest\":"
        + p.digest().map(d -> Json.quoted(d.toString())).orElse("null") + ",\"detail\":" + Json.quoted(p.detail()) + "}";
  }
}
