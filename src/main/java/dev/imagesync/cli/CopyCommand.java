package dev.imagesync.cli;

import dev.imagesync.config.Destination;
import dev.imagesync.config.InputException;
import dev.imagesync.config.Naming;
import dev.imagesync.config.SyncJob;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Platform;
import dev.imagesync.registry.RegistrySession;
import dev.imagesync.sync.JobPlanner;
import dev.imagesync.sync.SyncRunner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imagesync copy SOURCE DESTINATION}: one image, as {@code transfer.sh} did. */
@Command(
    name = "copy",
    mixinStandardHelpOptions = true,
    description = "Copies one image, byte for byte, as a one-entry sync (records, --report, progress). DESTINATION is a full "
        + "reference; without a tag it keeps the source's; without DESTINATION the image goes to $ALIYUN_REGISTRY/$ALIYUN_NAMESPACE "
        + "under the last element of its name, as a line of a list would.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {RunExecution.EXIT_0, RunExecution.EXIT_1, RunExecution.EXIT_2, RunExecution.EXIT_130},
    footerHeading = "%nExamples:%n",
    footer = {
      "  imagesync copy ghcr.io/org/app:1.0 registry.example.com/mirror/app",
      "  imagesync copy nginx:1.25 127.0.0.1:5000/nginx:stable --arch amd64",
      "  imagesync copy oci:/mnt/disk/app:1.0 registry.local:5000/app"
    })
final class CopyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "e.g. nginx:1.25, ghcr.io/org/app:main")
  String source;

  @Parameters(index = "1", arity = "0..1", paramLabel = "DESTINATION", description = "e.g. registry.cn-hangzhou.aliyuncs.com/myns/nginx[:tag]")
  String destination;

  @Option(names = "--arch", paramLabel = "ARCH", description = "copy only these platforms (repeatable: amd64, arm64, arm/v7, ...)")
  List<String> architectures = new ArrayList<>();

  @Option(names = "--strict-platforms", description = "fail if the source lacks a platform of --arch (default: one warning, the others are copied)")
  boolean strictPlatforms;

  @Option(names = "--verify-key", paramLabel = "FILE",
      description = "copy only if the image is signed (cosign, sha256-HEX.sig at the source) by this PEM public key (repeatable: any of them)")
  List<java.nio.file.Path> verifyKeys = new ArrayList<>();

  @Option(names = "--dry-run", description = "compare digests and say whether it would be copied; write nothing")
  boolean dryRun;

  @Mixin RegistryOptions registries;
  @Mixin CredentialOptions credentials;
  @Mixin OutputOptions output;
  @Mixin RecordOptions recordOptions;
  @Mixin RunOutputs outputs;
  @Mixin ReferrerOptions referrerOptions;
  @Mixin AcrOptions acrOptions;

  @Override
  public Integer call() {
    output.apply();
    outputs.check();
    recordOptions.check(dryRun);
    referrerOptions.policy();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ImageReference src = parse(source, "SOURCE");
    if (src.tag().isEmpty() && src.digest().isEmpty()) {
      src = src.withTag("latest");
    }
    java.util.Optional<Destination> prefix = Destination.find(null, Main.environment);
    if (destination == null && prefix.isEmpty()) {
      throw new InputException("DESTINATION: missing; give one (registry.cn-hangzhou.aliyuncs.com/ns/nginx) or set ALIYUN_REGISTRY and ALIYUN_NAMESPACE");
    }
    ImageReference dst = destination != null ? parse(destination, "DESTINATION") : new Naming(prefix, false).implicitTarget(src, "DESTINATION");
    if (dst.digest().isPresent()) {
      throw new InputException("DESTINATION: '" + destination + "' has a digest; a destination takes a tag only");
    }
    // A docker archive names its image NAME:TAG; the tag part is the source's tag elsewhere.
    java.util.Optional<String> sourceTag = src.isDockerArchive() ? src.tag().map(n -> n.substring(n.lastIndexOf(':') + 1)) : src.tag();
    String tag;
    if (dst.isDockerArchive() && dst.tag().isEmpty()) {
      // What docker save names it (NAME:TAG), as an archive that many images go into names them.
      tag = JobPlanner.destinationTag(src, sourceTag.orElse("latest"), dst, notice -> err.println("imagesync: notice: " + notice));
    } else {
      tag = JobPlanner.destinationTag(src, dst.tag().or(() -> sourceTag).orElseThrow(() -> new InputException(
          "DESTINATION: the source is pinned by digest; give the destination a tag")), dst, notice -> err.println("imagesync: notice: " + notice));
    }
    if (dst.isDockerArchive() && architectures.isEmpty()) {
      // An archive holds one platform per image; docker save and skopeo take this machine's.
      architectures = List.of(ThisPlatform.architecture());
      err.println("imagesync: notice: a docker archive holds one platform: " + architectures.get(0) + " (this machine's; --arch picks another)");
    }
    List<Platform> platforms = new ArrayList<>();
    for (String a : architectures) {
      try {
        platforms.add(Platform.parseRequested(a));
      } catch (IllegalArgumentException e) {
        throw new InputException("--arch: " + e.getMessage());
      }
    }
    SyncJob job = new SyncJob(src, ImageReference.repository(dst.registry(), dst.repository()), List.of(tag), platforms, "copy", false,
        strictPlatforms, ListOptions.verification(verifyKeys));
    CredentialOptions.Resolved auth = credentials.resolve(Main.environment, java.util.Optional.of(dst.registry()),
        registries.proxies(Main.environment));
    RegistrySession session = registries.session(auth, 1, registries.proxies(Main.environment));
    session.prepareTls(List.of(src, dst)); // on a thread of its own, while the run is set up
    java.util.Optional<dev.imagesync.acr.AcrRepositories> acr = acrOptions.open(registries);
    try {
      SyncRunner runner = new SyncRunner(session, 1, dryRun).carrying(referrerOptions.policy())
          .creatingRepositories(acrOptions.creation(acr, registries).apply(session));
      JobPlanner.Plan plan = new JobPlanner.Plan(List.of(job), List.of(), List.of(), java.util.Map.of());
      return new RunExecution(out, err, recordOptions, outputs, dryRun).execute(session, runner, plan);
    } finally {
      acr.ifPresent(dev.imagesync.acr.AcrRepositories::close);
    }
  }

  private static ImageReference parse(String text, String what) {
    if (dev.imagesync.config.SyncRule.namesCatalog(text)) {
      throw new InputException(what + ": '" + text + "' names a whole namespace; copy takes one image: use sync '" + text + "' --to REGISTRY/NAMESPACE");
    }
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InputException(what + ": " + e.getMessage());
    }
  }
}
