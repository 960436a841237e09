package dev.imagesync.cli;

import dev.imagesync.config.Destination;
import dev.imagesync.config.ImagesJsonReader;
import dev.imagesync.config.InputException;
import dev.imagesync.config.JobListValidator;
import dev.imagesync.config.SyncJob;
import dev.imagesync.registry.CredentialProvider;
import dev.imagesync.registry.TransportPolicy;
import dev.imagesync.report.ResultPrinter;
import dev.imagesync.sync.SyncOutcome;
import dev.imagesync.sync.SyncRunner;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imagesync sync FILE... --to REGISTRY[/NAMESPACE]}: read the lists, copy, report. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Copies every image of the lists to the destination, byte for byte, skipping tags that are already up to date.",
      "FILE is an images.json array of {source, target, tags, architectures}."
    })
final class SyncCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "image lists (images.json)")
  List<Path> files;

  @Option(
      names = "--to",
      paramLabel = "REGISTRY[/NAMESPACE]",
      description = "destination prefix, e.g. registry.cn-hangzhou.aliyuncs.com/myns (default: $ALIYUN_REGISTRY/$ALIYUN_NAMESPACE)")
  String to;

  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST[:PORT]",
      description = "allow plain HTTP or unverified TLS for this registry (repeatable); loopback registries never need it")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "4", description = "images copied at the same time (default: ${DEFAULT-VALUE})")
  int jobs;

  @Option(names = {"-v", "--verbose"}, description = "log every request-level step to stderr")
  boolean verbose;

  @Override
  public Integer call() {
    Logging.verbose(verbose);
    if (jobs < 1 || jobs > 64) {
      throw new InputException("--jobs: must be between 1 and 64, got " + jobs);
    }
    Map<String, String> env = System.getenv();
    Destination destination = Destination.resolve(to, env);
    List<SyncJob> all = new ArrayList<>();
    for (Path file : files) {
      all.addAll(new ImagesJsonReader(destination).read(file));
    }
    List<SyncJob> jobList = JobListValidator.validate(all);

    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ResultPrinter printer = new ResultPrinter(out);
    long start = System.nanoTime();
    SyncRunner runner =
        new SyncRunner(new TransportPolicy(new LinkedHashSet<>(insecureRegistries)), CredentialProvider.anonymous(), jobs);
    SyncOutcome outcome = runner.run(jobList, printer::print);
    System.err.println(ResultPrinter.summary(outcome, (System.nanoTime() - start) / 1e9));
    return outcome.anyFailed() ? Main.EXIT_FAILED : 0;
  }
}
