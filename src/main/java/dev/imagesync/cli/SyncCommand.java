package dev.imagesync.cli;

import dev.imagesync.config.InputException;
import dev.imagesync.sync.JobPlanner;
import dev.imagesync.sync.Shard;
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
    description = "Copies every image of the lists to the destination, byte for byte, skipping tags that are already up to date.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {RunExecution.EXIT_0, RunExecution.EXIT_1, RunExecution.EXIT_2, RunExecution.EXIT_130},
    footerHeading = "%nExamples:%n",
    footer = {
      "  imagesync sync images.json --to registry.cn-hangzhou.aliyuncs.com/myns",
      "  imagesync sync images.yaml --auth auth.yaml          (image-syncer's files)",
      "  imagesync sync --mapping nginx=registry.example.com/mirror/nginx",
      "  imagesync sync images.md --dry-run                   (what would be copied)",
      "  imagesync sync images.json --to oci:/mnt/disk        (into directories)",
      "  imagesync sync images.json -o json | jq -r 'select(.status==\"failed\")'",
      "%nMore: docs/ in the repository (inputs, credentials, records, the action)."
    })
final class SyncCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ListOptions lists;
  @Mixin RegistryOptions registries;
  @Mixin CredentialOptions credentials;
  @Mixin OutputOptions output;
  @Mixin RecordOptions recordOptions;
  @Mixin RunOutputs outputs;
  @Mixin ReferrerOptions referrerOptions;
  @Mixin QueueOptions queueOptions;
  @Mixin AcrOptions acrOptions;

  @Option(names = {"-j", "--jobs", "--proc"}, paramLabel = "N", defaultValue = "32",
      description = "images copied at the same time, and blob transfers at once in the whole run (default: ${DEFAULT-VALUE})")
  int jobs;

  @Option(names = "--checks", paramLabel = "N",
      description = "images checked at the same time (a HEAD at each end: anything to copy?) (default: 4 x --jobs, at most 128)")
  Integer checks;

  @Option(names = "--dry-run", description = "compare digests and say what would be copied or skipped; write nothing")
  boolean dryRun;

  @Option(names = "--shard", paramLabel = "I/N", description = "run only the I-th of N parts, split by destination repository (a CI matrix)")
  String shard;

  @Option(names = "--repair", description = "a tag already at the source's digest has what it reaches checked too (manifests read, blobs "
      + "HEADed at the destination) and what is missing sent again: what imagesync audit reports as gaps")
  boolean repair;

  /** How many images are checked at once: --checks, else four times --jobs (at most {@link SyncRunner#CHECKS}). */
  int checks() {
    return checks != null ? checks : Math.min(SyncRunner.CHECKS, 4 * jobs);
  }

  @Override
  public Integer call() {
    output.apply();
    outputs.check();
    recordOptions.check(dryRun);
    dev.imagesync.sync.ReferrerPolicy referrers = referrerOptions.policy();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (jobs < 1 || jobs > 64) {
      throw new InputException("--jobs: must be between 1 and 64, got " + jobs);
    }
    if (checks != null && (checks < 1 || checks > SyncRunner.CHECKS)) {
      throw new InputException("--checks: must be between 1 and " + SyncRunner.CHECKS + ", got " + checks);
    }
    Shard part;
    try {
      part = shard == null ? Shard.ALL : Shard.parse(shard);
    } catch (IllegalArgumentException e) {
      throw new InputException("--shard: " + e.getMessage());
    }
    java.util.Optional<dev.imagesync.acr.AcrRepositories> acr = acrOptions.open(registries);
    try {
      if (queueOptions.given()) {
        return new QueuedSync(this).run(out, err, part, referrers, acrOptions.creation(acr, registries));
      }
      PlannedRun planned = PlannedRun.prepare(lists, registries, credentials, jobs, dryRun, err);
      SyncRunner runner = planned.runner().carrying(referrers).creatingRepositories(acrOptions.creation(acr, registries).apply(planned.session())).checking(checks())
          .repairing(repair);
      JobPlanner.Plan plan = planned.plan().only(part);

      return new RunExecution(out, err, recordOptions, outputs, dryRun).execute(planned.session(), runner, plan);
    } finally {
      acr.ifPresent(dev.imagesync.acr.AcrRepositories::close);
    }
  }
}
