package dev.imagesync.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's model of every command, built by code. GENERATED from the commands' annotations by
 * CommandModelSource; do not edit: change the annotations, then run scripts/regenerate.sh.
 *
 * <p>Why: reading the annotations made the JVM generate a proxy class per annotation type and
 * picocli reflect over every field, a sixth of a typed command's start-up; this builds the same
 * model (CommandModelTest compares the two) from plain calls the ahead-of-time cache keeps.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
final class CommandModels {

  private CommandModels() {}

  /** The model of {@code command}, with its mixins created and its {@code @Spec} field set. */
  static CommandSpec of(Object command) {
    if (command instanceof Main c) {
      return main(c);
    }
    if (command instanceof SyncCommand c) {
      return syncCommand(c);
    }
    if (command instanceof PlanCommand c) {
      return planCommand(c);
    }
    if (command instanceof CopyCommand c) {
      return copyCommand(c);
    }
    if (command instanceof LsCommand c) {
      return lsCommand(c);
    }
    if (command instanceof InspectCommand c) {
      return inspectCommand(c);
    }
    if (command instanceof TagCommand c) {
      return tagCommand(c);
    }
    if (command instanceof DeleteCommand c) {
      return deleteCommand(c);
    }
    if (command instanceof AuditCommand c) {
      return auditCommand(c);
    }
    if (command instanceof LoginCommand c) {
      return loginCommand(c);
    }
    if (command instanceof LogoutCommand c) {
      return logoutCommand(c);
    }
    if (command instanceof RecordCommand c) {
      return recordCommand(c);
    }
    if (command instanceof QueueCommand c) {
      return queueCommand(c);
    }
    if (command instanceof QueueCommand.Add c) {
      return queueCommandAdd(c);
    }
    if (command instanceof QueueCommand.ListRows c) {
      return queueCommandListRows(c);
    }
    if (command instanceof CompletionCommand c) {
      return completionCommand(c);
    }
    throw new IllegalArgumentException("no model for " + command.getClass());
  }

  /** An exit code list's entries, in order. */
  private static java.util.Map<String, String> map(String... keysAndValues) {
    java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** {@code mixinStandardHelpOptions = true}: -h/--help and -V/--version, as picocli's own mixin declares them. */
  private static void standardHelp(CommandSpec spec) {
    CommandSpec help = CommandSpec.wrapWithoutInspection(new Object());
    help.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).descriptionKey("mixinStandardHelpOptions.help")
        .description("Show this help message and exit.").paramLabel("<helpRequested>").type(boolean.class)
        .hasInitialValue(true).initialValue(false).withToString("field boolean picocli.CommandLine$AutoHelpMixin.helpRequested").build());
    help.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).descriptionKey("mixinStandardHelpOptions.version")
        .description("Print version information and exit.").paramLabel("<versionRequested>").type(boolean.class)
        .hasInitialValue(true).initialValue(false).withToString("field boolean picocli.CommandLine$AutoHelpMixin.versionRequested").build());
    spec.addMixin("mixinStandardHelpOptions", help);
  }

  static CommandSpec main(Main c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("imagesync");
    spec.usageMessage()
        .description("Copies container images between registries, byte for byte.")
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(map("0", "every tag was copied or already up to date",
            "1", "at least one image failed (the others were still copied), or records could not be written",
            "2", "bad input or usage; nothing was copied"));
    spec.versionProvider(new Main.Version());
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  static CommandSpec syncCommand(SyncCommand c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("sync");
    spec.usageMessage()
        .description("Copies every image of the lists to the destination, byte for byte, skipping tags that are already up to date.")
        .footer("  imagesync sync images.json --to registry.cn-hangzhou.aliyuncs.com/myns",
            "  imagesync sync images.yaml --auth auth.yaml          (image-syncer's files)",
            "  imagesync sync --mapping nginx=registry.example.com/mirror/nginx",
            "  imagesync sync images.md --dry-run                   (what would be copied)",
            "  imagesync sync images.json --to oci:/mnt/disk        (into directories)",
            "  imagesync sync images.json -o json | jq -r 'select(.status==\"failed\")'",
            "%nMore: docs/ in the repository (inputs, credentials, records, the action).")
        .footerHeading("%nExamples:%n")
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(map("0", "every tag was copied or already up to date",
            "1", "an image failed (the others were still copied), or records could not be written",
            "2", "bad input or usage; nothing was copied",
            "130", "interrupted (143: SIGTERM); what finished is recorded"));
    if (c.lists == null) {
      c.lists = new ListOptions();
    }
    spec.addMixin("lists", listOptions(c.lists));
    if (c.registries == null) {
      c.registries = new RegistryOptions();
    }
    spec.addMixin("registries", registryOptions(c.registries));
    if (c.credentials == null) {
      c.credentials = new CredentialOptions();
    }
    spec.addMixin("credentials", credentialOptions(c.credentials));
    if (c.output == null) {
      c.output = new OutputOptions();
    }
    spec.addMixin("output", outputOptions(c.output));
    if (c.recordOptions == null) {
      c.recordOptions = new RecordOptions();
    }
    spec.addMixin("recordOptions", recordOptions(c.recordOptions));
    if (c.outputs == null) {
      c.outputs = new RunOutputs();
    }
    spec.addMixin("outputs", runOutputs(c.outputs));
    if (c.referrerOptions == null) {
      c.referrerOptions = new ReferrerOptions();
    }
    spec.addMixin("referrerOptions", referrerOptions(c.referrerOptions));
    if (c.queueOptions == null) {
      c.queueOptions = new QueueOptions();
    }
    spec.addMixin("queueOptions", queueOptions(c.queueOptions));
    if (c.acrOptions == null) {
      c.acrOptions = new AcrOptions();
    }
    spec.addMixin("acrOptions", acrOptions(c.acrOptions));
    spec.addOption(OptionSpec.builder("-j", "--jobs", "--proc")
        .paramLabel("N")
        .description("images copied at the same time, and blob transfers at once in the whole run (default: ${DEFAULT-VALUE})")
        .defaultValue("32")
        .type(int.class)
        .getter(new SyncCommandFields(c, 0)).setter(new SyncCommandFields(c, 0))
        .hasInitialValue(true).initialValue(c.jobs)
        .userObject(SyncCommand.class)
        .withToString("field int dev.imagesync.cli.SyncCommand.jobs").build());
    spec.addOption(OptionSpec.builder("--checks")
        .paramLabel("N")
        .description("images checked at the same time (a HEAD at each end: anything to copy?) (default: 4 x --jobs, at most 128)")
        .type(Integer.class)
        .getter(new SyncCommandFields(c, 1)).setter(new SyncCommandFields(c, 1))
        .hasInitialValue(true).initialValue(c.checks)
        .userObject(SyncCommand.class)
        .withToString("field Integer dev.imagesync.cli.SyncCommand.checks").build());
    spec.addOption(OptionSpec.builder("--dry-run")
        .paramLabel("<dryRun>")
        .description("compare digests and say what would be copied or skipped; write nothing")
        .type(boolean.class)
        .getter(new SyncCommandFields(c, 2)).setter(new SyncCommandFields(c, 2))
        .hasInitialValue(true).initialValue(c.dryRun)
        .userObject(SyncCommand.class)
        .withToString("field boolean dev.imagesync.cli.SyncCommand.dryRun").build());
    spec.addOption(OptionSpec.builder("--shard")
        .paramLabel("I/N")
        .description("run only the I-th of N parts, split by destination repository (a CI matrix)")
        .type(String.class)
        .getter(new SyncCommandFields(c, 3)).setter(new SyncCommandFields(c, 3))
        .hasInitialValue(true).initialValue(c.shard)
        .userObject(SyncCommand.class)
        .withToString("field String dev.imagesync.cli.SyncCommand.shard").build());
    spec.addOption(OptionSpec.builder("--repair")
        .paramLabel("<repair>")
        .description("a tag already at the source's digest has what it reaches checked too (manifests read, blobs HEADed at the destination) and what is missing sent again: what imagesync audit reports as gaps")
        .type(boolean.class)
        .getter(new SyncCommandFields(c, 4)).setter(new SyncCommandFields(c, 4))
        .hasInitialValue(true).initialValue(c.repair)
        .userObject(SyncCommand.class)
        .withToString("field boolean dev.imagesync.cli.SyncCommand.repair").build());
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  static CommandSpec listOptions(ListOptions c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.addPositional(PositionalParamSpec.builder().index("*")
        .paramLabel("FILE")
        .description("image lists: images.json, images.md (or .txt), image-syncer's images.yaml (or its JSON spelling); - for standard input; or a whole namespace, 'REGISTRY/NAMESPACE/*' (quoted)")
        .arity("0..*")
        .type(java.util.List.class).auxiliaryTypes(java.nio.file.Path.class)
        .getter(new ListOptionsFields(c, 0)).setter(new ListOptionsFields(c, 0))
        .hasInitialValue(true).initialValue(c.files)
        .userObject(ListOptions.class)
        .withToString("field java.util.List<java.nio.file.Path> dev.imagesync.cli.ListOptions.files").build());
    spec.addOption(OptionSpec.builder("--images")
        .paramLabel("FILE")
        .description("an image list, as image-syncer names it (same as FILE; repeatable)")
        .type(java.util.List.class).auxiliaryTypes(java.nio.file.Path.class)
        .getter(new ListOptionsFields(c, 1)).setter(new ListOptionsFields(c, 1))
        .hasInitialValue(true).initialValue(c.imagesFiles)
        .userObject(ListOptions.class)
        .withToString("field java.util.List<java.nio.file.Path> dev.imagesync.cli.ListOptions.imagesFiles").build());
    spec.addOption(OptionSpec.builder("--format")
        .paramLabel("json|md|yaml")
        .description("read every FILE in this format instead of going by its name")
        .type(String.class)
        .getter(new ListOptionsFields(c, 2)).setter(new ListOptionsFields(c, 2))
        .hasInitialValue(true).initialValue(c.format)
        .userObject(ListOptions.class)
        .withToString("field String dev.imagesync.cli.ListOptions.format").build());
    spec.addOption(OptionSpec.builder("--mapping")
        .paramLabel("SRC=DST[,SRC=DST...]")
        .description("mapping strings (repeatable; commas or newlines between items); without FILE, --mapping or --compose, $DOCKER_SYNC_MAPPINGS is read")
        .type(java.util.List.class).auxiliaryTypes(String.class)
        .getter(new ListOptionsFields(c, 3)).setter(new ListOptionsFields(c, 3))
        .hasInitialValue(true).initialValue(c.mappings)
        .userObject(ListOptions.class)
        .withToString("field java.util.List<String> dev.imagesync.cli.ListOptions.mappings").build());
    spec.addOption(OptionSpec.builder("--compose")
        .paramLabel("FILE|URL")
        .description("every service image of a docker compose file, or one at an http(s) URL (repeatable)")
        .type(java.util.List.class).auxiliaryTypes(String.class)
        .getter(new ListOptionsFields(c, 4)).setter(new ListOptionsFields(c, 4))
        .hasInitialValue(true).initialValue(c.composeFiles)
        .userObject(ListOptions.class)
        .withToString("field java.util.List<String> dev.imagesync.cli.ListOptions.composeFiles").build());
    spec.addOption(OptionSpec.builder("--to")
        .paramLabel("REGISTRY[/NAMESPACE]")
        .description("destination prefix for entries that name no registry (default: $ALIYUN_REGISTRY/$ALIYUN_NAMESPACE), or oci:DIR to write image layout directories, one per repository, or docker-archive:FILE to write every image into one docker save tar (for docker load)")
        .type(String.class)
        .getter(new ListOptionsFields(c, 5)).setter(new ListOptionsFields(c, 5))
        .hasInitialValue(true).initialValue(c.to)
        .userObject(ListOptions.class)
        .withToString("field String dev.imagesync.cli.ListOptions.to").build());
    spec.addOption(OptionSpec.builder("--keep-path")
        .paramLabel("<keepPath>")
        .description("keep the whole source path under the destination (default: its last element)")
        .type(boolean.class)
        .getter(new ListOptionsFields(c, 6)).setter(new ListOptionsFields(c, 6))
        .hasInitialValue(true).initialValue(c.keepPath)
        .userObject(ListOptions.class)
        .withToString("field boolean dev.imagesync.cli.ListOptions.keepPath").build());
    spec.addOption(OptionSpec.builder("--prune")
        .paramLabel("<prune>")
        .description("delete destination tags an entry's tag selection (allTags, tagPattern, semver) takes that the source no longer has")
        .type(boolean.class)
        .getter(new ListOptionsFields(c, 7)).setter(new ListOptionsFields(c, 7))
        .hasInitialValue(true).initialValue(c.prune)
        .userObject(ListOptions.class)
        .withToString("field boolean dev.imagesync.cli.ListOptions.prune").build());
    spec.addOption(OptionSpec.builder("--strict-platforms")
        .paramLabel("<strictPlatforms>")
        .description("fail an image that lacks a platform its entry asks for (default: one warning, the platforms it has are copied)")
        .type(boolean.class)
        .getter(new ListOptionsFields(c, 8)).setter(new ListOptionsFields(c, 8))
        .hasInitialValue(true).initialValue(c.strictPlatforms)
        .userObject(ListOptions.class)
        .withToString("field boolean dev.imagesync.cli.ListOptions.strictPlatforms").build());
    spec.addOption(OptionSpec.builder("--verify-key")
        .paramLabel("FILE")
        .description("copy only images signed (cosign, sha256-HEX.sig at the source) by this PEM public key (repeatable: any of them); an entry's own \"verify\" wins")
        .type(java.util.List.class).auxiliaryTypes(java.nio.file.Path.class)
        .getter(new ListOptionsFields(c, 9)).setter(new ListOptionsFields(c, 9))
        .hasInitialValue(true).initialValue(c.verifyKeys)
        .userObject(ListOptions.class)
        .withToString("field java.util.List<java.nio.file.Path> dev.imagesync.cli.ListOptions.verifyKeys").build());
    spec.addOption(OptionSpec.builder("--trusted-root")
        .paramLabel("FILE")
        .description("Sigstore's trusted_root.json, for entries whose \"verify\" names an identity and issuer (keyless): the certificate authorities and transparency logs trusted, offline")
        .type(java.nio.file.Path.class)
        .getter(new ListOptionsFields(c, 10)).setter(new ListOptionsFields(c, 10))
        .hasInitialValue(true).initialValue(c.trustedRoot)
        .userObject(ListOptions.class)
        .withToString("field java.nio.file.Path dev.imagesync.cli.ListOptions.trustedRoot").build());
    return spec;
  }

  static CommandSpec registryOptions(RegistryOptions c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.addOption(OptionSpec.builder("--insecure-registry")
        .paramLabel("HOST[:PORT]")
        .description("allow plain HTTP or unverified TLS for this registry (repeatable); loopback registries never need it")
        .type(java.util.List.class).auxiliaryTypes(String.class)
        .getter(new RegistryOptionsFields(c, 0)).setter(new RegistryOptionsFields(c, 0))
        .hasInitialValue(true).initialValue(c.insecureRegistries)
        .userObject(RegistryOptions.class)
        .withToString("field java.util.List<String> dev.imagesync.cli.RegistryOptions.insecureRegistries").build());
    spec.addOption(OptionSpec.builder("--ca-cert")
        .paramLabel("FILE")
        .description("also trust the certificates of this PEM file (a private CA or a registry's own certificate)")
        .type(java.nio.file.Path.class)
        .getter(new RegistryOptionsFields(c, 1)).setter(new RegistryOptionsFields(c, 1))
        .hasInitialValue(true).initialValue(c.caCertificates)
        .userObject(RegistryOptions.class)
        .withToString("field java.nio.file.Path dev.imagesync.cli.RegistryOptions.caCertificates").build());
    spec.addOption(OptionSpec.builder("--proxy")
        .paramLabel("URL")
        .description("send requests through this HTTP proxy, instead of HTTPS_PROXY, HTTP_PROXY and ALL_PROXY (user and password in the URL for basic auth); NO_PROXY and loopback hosts still go direct")
        .type(String.class)
        .getter(new RegistryOptionsFields(c, 2)).setter(new RegistryOptionsFields(c, 2))
        .hasInitialValue(true).initialValue(c.proxy)
        .userObject(RegistryOptions.class)
        .withToString("field String dev.imagesync.cli.RegistryOptions.proxy").build());
    spec.addOption(OptionSpec.builder("--timeout")
        .paramLabel("SECONDS")
        .description("the longest any wait for a server may last: to connect, for an answer, for a whole manifest, token or tag page; a stream slower than 1 KiB/s over this long is given up as trickling (default: ${DEFAULT-VALUE})")
        .defaultValue("60")
        .type(int.class)
        .getter(new RegistryOptionsFields(c, 3)).setter(new RegistryOptionsFields(c, 3))
        .hasInitialValue(true).initialValue(c.timeoutSeconds)
        .userObject(RegistryOptions.class)
        .withToString("field int dev.imagesync.cli.RegistryOptions.timeoutSeconds").build());
    spec.addOption(OptionSpec.builder("--retries")
        .paramLabel("N")
        .description("make a failed request again up to N times when it may pass: connection resets, timeouts, cut bodies, 408, 429, 5xx (default: ${DEFAULT-VALUE})")
        .defaultValue("3")
        .type(int.class)
        .getter(new RegistryOptionsFields(c, 4)).setter(new RegistryOptionsFields(c, 4))
        .hasInitialValue(true).initialValue(c.retries)
        .userObject(RegistryOptions.class)
        .withToString("field int dev.imagesync.cli.RegistryOptions.retries").build());
    spec.addOption(OptionSpec.builder("--retry-delay")
        .paramLabel("SECONDS")
        .description("wait about this long before the first retry, doubling each time, with jitter; a registry's Retry-After (up to 60 s) wins (default: ${DEFAULT-VALUE})")
        .defaultValue("1")
        .type(double.class)
        .getter(new RegistryOptionsFields(c, 5)).setter(new RegistryOptionsFields(c, 5))
        .hasInitialValue(true).initialValue(c.retryDelaySeconds)
        .userObject(RegistryOptions.class)
        .withToString("field double dev.imagesync.cli.RegistryOptions.retryDelaySeconds").build());
    spec.addOption(OptionSpec.builder("--registry-mirror")
        .paramLabel("ORIGIN=MIRROR")
        .description("read sources on ORIGIN (e.g. docker.io) from MIRROR first (host[:port][/path]: a pull-through cache, a company mirror), from ORIGIN where the mirror lacks them; tags are still resolved at ORIGIN (a HEAD) unless --registry-mirror-trust (repeatable; also 'mirror:' under a host in --auth)")
        .type(java.util.List.class).auxiliaryTypes(String.class)
        .getter(new RegistryOptionsFields(c, 6)).setter(new RegistryOptionsFields(c, 6))
        .hasInitialValue(true).initialValue(c.registryMirrors)
        .userObject(RegistryOptions.class)
        .withToString("field java.util.List<String> dev.imagesync.cli.RegistryOptions.registryMirrors").build());
    spec.addOption(OptionSpec.builder("--registry-mirror-trust")
        .paramLabel("<trustMirrors>")
        .description("resolve tags (and list them) at the mirror too, for origins that cannot be reached")
        .type(boolean.class)
        .getter(new RegistryOptionsFields(c, 7)).setter(new RegistryOptionsFields(c, 7))
        .hasInitialValue(true).initialValue(c.trustMirrors)
        .userObject(RegistryOptions.class)
        .withToString("field boolean dev.imagesync.cli.RegistryOptions.trustMirrors").build());
    return spec;
  }

  static CommandSpec credentialOptions(CredentialOptions c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.addOption(OptionSpec.builder("--src-creds")
        .paramLabel("USER:PASS")
        .description("credentials for the source registry (PASS may be @FILE or env:NAME)")
        .type(String.class)
        .getter(new CredentialOptionsFields(c, 0)).setter(new CredentialOptionsFields(c, 0))
        .hasInitialValue(true).initialValue(c.sourceCredentials)
        .userObject(CredentialOptions.class)
        .withToString("field String dev.imagesync.cli.CredentialOptions.sourceCredentials").build());
    spec.addOption(OptionSpec.builder("--dest-creds")
        .paramLabel("USER:PASS")
        .description("credentials for the destination registry (PASS may be @FILE or env:NAME)")
        .type(String.class)
        .getter(new CredentialOptionsFields(c, 1)).setter(new CredentialOptionsFields(c, 1))
        .hasInitialValue(true).initialValue(c.destinationCredentials)
        .userObject(CredentialOptions.class)
        .withToString("field String dev.imagesync.cli.CredentialOptions.destinationCredentials").build());
    spec.addOption(OptionSpec.builder("--auth")
        .paramLabel("FILE")
        .description("image-syncer's auth.yaml: registry or registry/namespace \u2192 username, password, insecure")
        .type(java.nio.file.Path.class)
        .getter(new CredentialOptionsFields(c, 2)).setter(new CredentialOptionsFields(c, 2))
        .hasInitialValue(true).initialValue(c.authFile)
        .userObject(CredentialOptions.class)
        .withToString("field java.nio.file.Path dev.imagesync.cli.CredentialOptions.authFile").build());
    return spec;
  }

  static CommandSpec outputOptions(OutputOptions c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.addOption(OptionSpec.builder("-v", "--verbose")
        .paramLabel("<verbose>")
        .description("log request-level detail to stderr")
        .type(boolean.class)
        .getter(new OutputOptionsFields(c, 0)).setter(new OutputOptionsFields(c, 0))
        .hasInitialValue(true).initialValue(c.verbose)
        .userObject(OutputOptions.class)
        .withToString("field boolean dev.imagesync.cli.OutputOptions.verbose").build());
    spec.addOption(OptionSpec.builder("--debug")
        .paramLabel("<debug>")
        .description("on an error, print its stack trace too")
        .type(boolean.class)
        .getter(new OutputOptionsFields(c, 1)).setter(new OutputOptionsFields(c, 1))
        .hasInitialValue(true).initialValue(c.debug)
        .userObject(OutputOptions.class)
        .withToString("field boolean dev.imagesync.cli.OutputOptions.debug").build());
    spec.addOption(OptionSpec.builder("--log-level")
        .paramLabel("LEVEL")
        .description("error, warn, info, debug or trace for everything, the HTTP library included (secrets are always masked)")
        .type(String.class)
        .getter(new OutputOptionsFields(c, 2)).setter(new OutputOptionsFields(c, 2))
        .hasInitialValue(true).initialValue(c.logLevel)
        .userObject(OutputOptions.class)
        .withToString("field String dev.imagesync.cli.OutputOptions.logLevel").build());
    return spec;
  }

  static CommandSpec recordOptions(RecordOptions c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.addOption(OptionSpec.builder("--history")
        .paramLabel("FILE")
        .description("append a row per copied tag to this markdown table (default: ${DEFAULT-VALUE})")
        .defaultValue("transfer_history.md")
        .type(java.nio.file.Path.class)
        .getter(new RecordOptionsFields(c, 0)).setter(new RecordOptionsFields(c, 0))
        .hasInitialValue(true).initialValue(c.history)
        .userObject(RecordOptions.class)
        .withToString("field java.nio.file.Path dev.imagesync.cli.RecordOptions.history").build());
    spec.addOption(OptionSpec.builder("--image-list")
        .paramLabel("FILE")
        .description("keep the source -> mirror mapping table here, one row per pair (default: ${DEFAULT-VALUE})")
        .defaultValue("image_list.md")
        .type(java.nio.file.Path.class)
        .getter(new RecordOptionsFields(c, 1)).setter(new RecordOptionsFields(c, 1))
        .hasInitialValue(true).initialValue(c.imageList)
        .userObject(RecordOptions.class)
        .withToString("field java.nio.file.Path dev.imagesync.cli.RecordOptions.imageList").build());
    spec.addOption(OptionSpec.builder("--no-history")
        .paramLabel("<noHistory>")
        .description("write neither transfer_history.md nor image_list.md")
        .type(boolean.class)
        .getter(new RecordOptionsFields(c, 2)).setter(new RecordOptionsFields(c, 2))
        .hasInitialValue(true).initialValue(c.noHistory)
        .userObject(RecordOptions.class)
        .withToString("field boolean dev.imagesync.cli.RecordOptions.noHistory").build());
    return spec;
  }

  static CommandSpec runOutputs(RunOutputs c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.addOption(OptionSpec.builder("--report")
        .paramLabel("FILE")
        .description("write the run as JSON: every job with status, digests, bytes, seconds, errors; and totals")
        .type(java.nio.file.Path.class)
        .getter(new RunOutputsFields(c, 0)).setter(new RunOutputsFields(c, 0))
        .hasInitialValue(true).initialValue(c.report)
        .userObject(RunOutputs.class)
        .withToString("field java.nio.file.Path dev.imagesync.cli.RunOutputs.report").build());
    spec.addOption(OptionSpec.builder("--failed-list")
        .paramLabel("FILE.json")
        .description("write what failed as an images.json, whatever the inputs were: `imagesync sync FILE.json` runs exactly those tags again")
        .type(java.nio.file.Path.class)
        .getter(new RunOutputsFields(c, 1)).setter(new RunOutputsFields(c, 1))
        .hasInitialValue(true).initialValue(c.failedList)
        .userObject(RunOutputs.class)
        .withToString("field java.nio.file.Path dev.imagesync.cli.RunOutputs.failedList").build());
    spec.addOption(OptionSpec.builder("--notify-url")
        .paramLabel("URL")
        .description("POST the JSON report here when the run ends (a failure to notify is only a warning)")
        .type(String.class)
        .getter(new RunOutputsFields(c, 2)).setter(new RunOutputsFields(c, 2))
        .hasInitialValue(true).initialValue(c.notifyUrl)
        .userObject(RunOutputs.class)
        .withToString("field String dev.imagesync.cli.RunOutputs.notifyUrl").build());
    spec.addOption(OptionSpec.builder("-q", "--quiet")
        .paramLabel("<quiet>")
        .description("print only failures and the summary: no line per copied or skipped tag, no progress")
        .type(boolean.class)
        .getter(new RunOutputsFields(c, 3)).setter(new RunOutputsFields(c, 3))
        .hasInitialValue(true).initialValue(c.quiet)
        .userObject(RunOutputs.class)
        .withToString("field boolean dev.imagesync.cli.RunOutputs.quiet").build());
    spec.addOption(OptionSpec.builder("-o", "--output")
        .paramLabel("text|json")
        .description("the line per destination tag on stdout: text, or json (one JSON object per line: status, source, target, digest, note, reason); the summary stays on stderr")
        .defaultValue("text")
        .type(String.class)
        .getter(new RunOutputsFields(c, 4)).setter(new RunOutputsFields(c, 4))
        .hasInitialValue(true).initialValue(c.output)
        .userObject(RunOutputs.class)
        .withToString("field String dev.imagesync.cli.RunOutputs.output").build());
    return spec;
  }

  static CommandSpec referrerOptions(ReferrerOptions c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.addOption(OptionSpec.builder("--referrers")
        .paramLabel("<referrers>")
        .description("copy what refers to each image too: OCI referrers (API or sha256-HEX tag index) and cosign's sha256-HEX.sig/.att/.sbom tags, recursively")
        .type(boolean.class)
        .getter(new ReferrerOptionsFields(c, 0)).setter(new ReferrerOptionsFields(c, 0))
        .hasInitialValue(true).initialValue(c.referrers)
        .userObject(ReferrerOptions.class)
        .withToString("field boolean dev.imagesync.cli.ReferrerOptions.referrers").build());
    spec.addOption(OptionSpec.builder("--referrers-type")
        .paramLabel("TYPE")
        .description("carry only referrers of this artifactType (repeatable; e.g. application/spdx+json, application/vnd.dev.cosign.simplesigning.v1+json); implies --referrers")
        .type(java.util.List.class).auxiliaryTypes(String.class)
        .getter(new ReferrerOptionsFields(c, 1)).setter(new ReferrerOptionsFields(c, 1))
        .hasInitialValue(true).initialValue(c.types)
        .userObject(ReferrerOptions.class)
        .withToString("field java.util.List<String> dev.imagesync.cli.ReferrerOptions.types").build());
    return spec;
  }

  static CommandSpec queueOptions(QueueOptions c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.addOption(OptionSpec.builder("--queue")
        .paramLabel("mysql://USER@HOST[:PORT]/DB|mysql")
        .description("also push the pending rows of images_for_push in this MySQL/MariaDB database and record each row's outcome; 'mysql' reads MYSQL_HOST, MYSQL_PORT, MYSQL_DB, MYSQL_USER; the password is always MYSQL_PASSWORD")
        .type(String.class)
        .getter(new QueueOptionsFields(c, 0)).setter(new QueueOptionsFields(c, 0))
        .hasInitialValue(true).initialValue(c.queue)
        .userObject(QueueOptions.class)
        .withToString("field String dev.imagesync.cli.QueueOptions.queue").build());
    spec.addOption(OptionSpec.builder("--queue-attempts")
        .paramLabel("N")
        .description("a row that failed this many runs is given up (push_status 3) (default: ${DEFAULT-VALUE})")
        .defaultValue("3")
        .type(int.class)
        .getter(new QueueOptionsFields(c, 1)).setter(new QueueOptionsFields(c, 1))
        .hasInitialValue(true).initialValue(c.attempts)
        .userObject(QueueOptions.class)
        .withToString("field int dev.imagesync.cli.QueueOptions.attempts").build());
    spec.addOption(OptionSpec.builder("--queue-lease")
        .paramLabel("DURATION")
        .description("how long the rows a run claims stay its own unless it renews them (it does, every third of it, while it runs): a killed run's rows go to the next run after this; 90s, 5m, 1h (default: ${DEFAULT-VALUE})")
        .defaultValue("5m")
        .type(String.class)
        .getter(new QueueOptionsFields(c, 2)).setter(new QueueOptionsFields(c, 2))
        .hasInitialValue(true).initialValue(c.lease)
        .userObject(QueueOptions.class)
        .withToString("field String dev.imagesync.cli.QueueOptions.lease").build());
    spec.addOption(OptionSpec.builder("--queue-batch")
        .paramLabel("N")
        .description("rows claimed at a time, the next batch as the last drains, so that several runs share the table and a killed run holds at most a batch for a lease (default: 2 x --jobs)")
        .type(Integer.class)
        .getter(new QueueOptionsFields(c, 3)).setter(new QueueOptionsFields(c, 3))
        .hasInitialValue(true).initialValue(c.batch)
        .userObject(QueueOptions.class)
        .withToString("field Integer dev.imagesync.cli.QueueOptions.batch").build());
    return spec;
  }

  static CommandSpec acrOptions(AcrOptions c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.addOption(OptionSpec.builder("--acr-create")
        .paramLabel("public|private|off")
        .description("create a missing Aliyun ACR repository through the Container Registry API before pushing to it (needs ALIYUN_ACCESS_KEY_ID, ALIYUN_ACCESS_KEY_SECRET, ALIYUN_REGION); default: public when those are set, else off")
        .type(String.class)
        .getter(new AcrOptionsFields(c, 0)).setter(new AcrOptionsFields(c, 0))
        .hasInitialValue(true).initialValue(c.create)
        .userObject(AcrOptions.class)
        .withToString("field String dev.imagesync.cli.AcrOptions.create").build());
    spec.addOption(OptionSpec.builder("--acr-instance")
        .paramLabel("ID")
        .description("the ACR enterprise edition instance (cri-...) the repositories are created in")
        .type(String.class)
        .getter(new AcrOptionsFields(c, 1)).setter(new AcrOptionsFields(c, 1))
        .hasInitialValue(true).initialValue(c.instance)
        .userObject(AcrOptions.class)
        .withToString("field String dev.imagesync.cli.AcrOptions.instance").build());
    spec.addOption(OptionSpec.builder("--create-repositories")
        .paramLabel("<createRepositories>")
        .description("make what a destination needs before the first push into it: a missing Amazon ECR repository (private; with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: ECR creates none on push), a missing Harbor project (private; with the destination's login). Aliyun ACR's repositories are created by --acr-create")
        .type(boolean.class)
        .getter(new AcrOptionsFields(c, 2)).setter(new AcrOptionsFields(c, 2))
        .hasInitialValue(true).initialValue(c.createRepositories)
        .userObject(AcrOptions.class)
        .withToString("field boolean dev.imagesync.cli.AcrOptions.createRepositories").build());
    return spec;
  }

  static CommandSpec planCommand(PlanCommand c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("plan");
    spec.usageMessage()
        .description("Prints SOURCE -> DESTINATION for every image and tag the lists name, without copying.")
        .footer("  imagesync plan images.json --to registry.example.com/mirror",
            "  imagesync plan images.yaml -o json")
        .footerHeading("%nExamples:%n");
    if (c.lists == null) {
      c.lists = new ListOptions();
    }
    spec.addMixin("lists", listOptions(c.lists));
    if (c.registries == null) {
      c.registries = new RegistryOptions();
    }
    spec.addMixin("registries", registryOptions(c.registries));
    if (c.credentials == null) {
      c.credentials = new CredentialOptions();
    }
    spec.addMixin("credentials", credentialOptions(c.credentials));
    if (c.output == null) {
      c.output = new OutputOptions();
    }
    spec.addMixin("output", outputOptions(c.output));
    spec.addOption(OptionSpec.builder("--json")
        .paramLabel("<json>")
        .description("print the plan as a JSON array (the same as -o json)")
        .type(boolean.class)
        .getter(new PlanCommandFields(c, 0)).setter(new PlanCommandFields(c, 0))
        .hasInitialValue(true).initialValue(c.json)
        .userObject(PlanCommand.class)
        .withToString("field boolean dev.imagesync.cli.PlanCommand.json").build());
    spec.addOption(OptionSpec.builder("-o", "--output")
        .paramLabel("text|json")
        .description("text: SOURCE -> DESTINATION per destination tag; json: a JSON array of {source, destination, platforms, origin}")
        .defaultValue("text")
        .type(String.class)
        .getter(new PlanCommandFields(c, 1)).setter(new PlanCommandFields(c, 1))
        .hasInitialValue(true).initialValue(c.format)
        .userObject(PlanCommand.class)
        .withToString("field String dev.imagesync.cli.PlanCommand.format").build());
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  static CommandSpec copyCommand(CopyCommand c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("copy");
    spec.usageMessage()
        .description("Copies one image, byte for byte, as a one-entry sync (records, --report, progress). DESTINATION is a full reference; without a tag it keeps the source's; without DESTINATION the image goes to $ALIYUN_REGISTRY/$ALIYUN_NAMESPACE under the last element of its name, as a line of a list would.")
        .footer("  imagesync copy ghcr.io/org/app:1.0 registry.example.com/mirror/app",
            "  imagesync copy nginx:1.25 127.0.0.1:5000/nginx:stable --arch amd64",
            "  imagesync copy oci:/mnt/disk/app:1.0 registry.local:5000/app")
        .footerHeading("%nExamples:%n")
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(map("0", "every tag was copied or already up to date",
            "1", "an image failed (the others were still copied), or records could not be written",
            "2", "bad input or usage; nothing was copied",
            "130", "interrupted (143: SIGTERM); what finished is recorded"));
    spec.addPositional(PositionalParamSpec.builder().index("0")
        .paramLabel("SOURCE")
        .description("e.g. nginx:1.25, ghcr.io/org/app:main")
        .required(true)
        .type(String.class)
        .getter(new CopyCommandFields(c, 0)).setter(new CopyCommandFields(c, 0))
        .hasInitialValue(true).initialValue(c.source)
        .userObject(CopyCommand.class)
        .withToString("field String dev.imagesync.cli.CopyCommand.source").build());
    spec.addPositional(PositionalParamSpec.builder().index("1")
        .paramLabel("DESTINATION")
        .description("e.g. registry.cn-hangzhou.aliyuncs.com/myns/nginx[:tag]")
        .arity("0..1")
        .type(String.class)
        .getter(new CopyCommandFields(c, 1)).setter(new CopyCommandFields(c, 1))
        .hasInitialValue(true).initialValue(c.destination)
        .userObject(CopyCommand.class)
        .withToString("field String dev.imagesync.cli.CopyCommand.destination").build());
    spec.addOption(OptionSpec.builder("--arch")
        .paramLabel("ARCH")
        .description("copy only these platforms (repeatable: amd64, arm64, arm/v7, ...)")
        .type(java.util.List.class).auxiliaryTypes(String.class)
        .getter(new CopyCommandFields(c, 2)).setter(new CopyCommandFields(c, 2))
        .hasInitialValue(true).initialValue(c.architectures)
        .userObject(CopyCommand.class)
        .withToString("field java.util.List<String> dev.imagesync.cli.CopyCommand.architectures").build());
    spec.addOption(OptionSpec.builder("--strict-platforms")
        .paramLabel("<strictPlatforms>")
        .description("fail if the source lacks a platform of --arch (default: one warning, the others are copied)")
        .type(boolean.class)
        .getter(new CopyCommandFields(c, 3)).setter(new CopyCommandFields(c, 3))
        .hasInitialValue(true).initialValue(c.strictPlatforms)
        .userObject(CopyCommand.class)
        .withToString("field boolean dev.imagesync.cli.CopyCommand.strictPlatforms").build());
    spec.addOption(OptionSpec.builder("--verify-key")
        .paramLabel("FILE")
        .description("copy only if the image is signed (cosign, sha256-HEX.sig at the source) by this PEM public key (repeatable: any of them)")
        .type(java.util.List.class).auxiliaryTypes(java.nio.file.Path.class)
        .getter(new CopyCommandFields(c, 4)).setter(new CopyCommandFields(c, 4))
        .hasInitialValue(true).initialValue(c.verifyKeys)
        .userObject(CopyCommand.class)
        .withToString("field java.util.List<java.nio.file.Path> dev.imagesync.cli.CopyCommand.verifyKeys").build());
    spec.addOption(OptionSpec.builder("--dry-run")
        .paramLabel("<dryRun>")
        .description("compare digests and say whether it would be copied; write nothing")
        .type(boolean.class)
        .getter(new CopyCommandFields(c, 5)).setter(new CopyCommandFields(c, 5))
        .hasInitialValue(true).initialValue(c.dryRun)
        .userObject(CopyCommand.class)
        .withToString("field boolean dev.imagesync.cli.CopyCommand.dryRun").build());
    if (c.registries == null) {
      c.registries = new RegistryOptions();
    }
    spec.addMixin("registries", registryOptions(c.registries));
    if (c.credentials == null) {
      c.credentials = new CredentialOptions();
    }
    spec.addMixin("credentials", credentialOptions(c.credentials));
    if (c.output == null) {
      c.output = new OutputOptions();
    }
    spec.addMixin("output", outputOptions(c.output));
    if (c.recordOptions == null) {
      c.recordOptions = new RecordOptions();
    }
    spec.addMixin("recordOptions", recordOptions(c.recordOptions));
    if (c.outputs == null) {
      c.outputs = new RunOutputs();
    }
    spec.addMixin("outputs", runOutputs(c.outputs));
    if (c.referrerOptions == null) {
      c.referrerOptions = new ReferrerOptions();
    }
    spec.addMixin("referrerOptions", referrerOptions(c.referrerOptions));
    if (c.acrOptions == null) {
      c.acrOptions = new AcrOptions();
    }
    spec.addMixin("acrOptions", acrOptions(c.acrOptions));
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  static CommandSpec lsCommand(LsCommand c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("ls");
    spec.usageMessage()
        .description("Lists the tags of a repository, one per line (every page of the registry's tag list); --digests adds each tag's digest.")
        .footer("  imagesync ls ghcr.io/org/app",
            "  imagesync ls registry.example.com/mirror/nginx --digests -o json")
        .footerHeading("%nExamples:%n")
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(map(" 0", "listed",
            " 1", "the registry refused or failed (one line says why)",
            " 2", "bad input"));
    spec.addPositional(PositionalParamSpec.builder().index("0")
        .paramLabel("REPOSITORY")
        .description("e.g. nginx, ghcr.io/org/app (a tag, if given, is ignored)")
        .required(true)
        .type(String.class)
        .getter(new LsCommandFields(c, 0)).setter(new LsCommandFields(c, 0))
        .hasInitialValue(true).initialValue(c.repository)
        .userObject(LsCommand.class)
        .withToString("field String dev.imagesync.cli.LsCommand.repository").build());
    spec.addOption(OptionSpec.builder("--digests")
        .paramLabel("<digests>")
        .description("each tag's digest too (a HEAD per tag, several at once; no pull is counted)")
        .type(boolean.class)
        .getter(new LsCommandFields(c, 1)).setter(new LsCommandFields(c, 1))
        .hasInitialValue(true).initialValue(c.digests)
        .userObject(LsCommand.class)
        .withToString("field boolean dev.imagesync.cli.LsCommand.digests").build());
    spec.addOption(OptionSpec.builder("-o", "--output")
        .paramLabel("text|json")
        .description("text: a tag per line (TAG<TAB>DIGEST with --digests); json: one document with the repository and its tags")
        .defaultValue("text")
        .type(String.class)
        .getter(new LsCommandFields(c, 2)).setter(new LsCommandFields(c, 2))
        .hasInitialValue(true).initialValue(c.output)
        .userObject(LsCommand.class)
        .withToString("field String dev.imagesync.cli.LsCommand.output").build());
    if (c.registries == null) {
      c.registries = new RegistryOptions();
    }
    spec.addMixin("registries", registryOptions(c.registries));
    if (c.credentials == null) {
      c.credentials = new CredentialOptions();
    }
    spec.addMixin("credentials", credentialOptions(c.credentials));
    if (c.logging == null) {
      c.logging = new OutputOptions();
    }
    spec.addMixin("logging", outputOptions(c.logging));
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  static CommandSpec inspectCommand(InspectCommand c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("inspect");
    spec.usageMessage()
        .description("Shows an image: its digest, media type and size, its platforms (each child's digest and size), annotations and how many referrers it has; --raw prints the manifest exactly as the registry serves it (its sha256 is the digest), --config the config blob.")
        .footer("  imagesync inspect nginx:1.25",
            "  imagesync inspect ghcr.io/org/app:1.0 --platform linux/arm64 -o json",
            "  imagesync inspect registry.example.com/mirror/app:1.0 --raw | sha256sum")
        .footerHeading("%nExamples:%n")
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(map(" 0", "shown",
            " 1", "not found, or the registry refused or failed (one line says why)",
            " 2", "bad input"));
    spec.addPositional(PositionalParamSpec.builder().index("0")
        .paramLabel("IMAGE")
        .description("e.g. nginx:1.25, ghcr.io/org/app@sha256:...; no tag means latest")
        .required(true)
        .type(String.class)
        .getter(new InspectCommandFields(c, 0)).setter(new InspectCommandFields(c, 0))
        .hasInitialValue(true).initialValue(c.image)
        .userObject(InspectCommand.class)
        .withToString("field String dev.imagesync.cli.InspectCommand.image").build());
    spec.addOption(OptionSpec.builder("--raw")
        .paramLabel("<raw>")
        .description("print the manifest's bytes exactly as served, nothing else")
        .type(boolean.class)
        .getter(new InspectCommandFields(c, 1)).setter(new InspectCommandFields(c, 1))
        .hasInitialValue(true).initialValue(c.raw)
        .userObject(InspectCommand.class)
        .withToString("field boolean dev.imagesync.cli.InspectCommand.raw").build());
    spec.addOption(OptionSpec.builder("--config")
        .paramLabel("<config>")
        .description("print the config blob's bytes (of the platform --platform picks, for a multi-platform image)")
        .type(boolean.class)
        .getter(new InspectCommandFields(c, 2)).setter(new InspectCommandFields(c, 2))
        .hasInitialValue(true).initialValue(c.config)
        .userObject(InspectCommand.class)
        .withToString("field boolean dev.imagesync.cli.InspectCommand.config").build());
    spec.addOption(OptionSpec.builder("--platform")
        .paramLabel("OS/ARCH[/VARIANT]")
        .description("for a multi-platform image, show this platform's image")
        .type(String.class)
        .getter(new InspectCommandFields(c, 3)).setter(new InspectCommandFields(c, 3))
        .hasInitialValue(true).initialValue(c.platform)
        .userObject(InspectCommand.class)
        .withToString("field String dev.imagesync.cli.InspectCommand.platform").build());
    spec.addOption(OptionSpec.builder("-o", "--output")
        .paramLabel("text|json")
        .description("text (for people) or json (for scripts)")
        .defaultValue("text")
        .type(String.class)
        .getter(new InspectCommandFields(c, 4)).setter(new InspectCommandFields(c, 4))
        .hasInitialValue(true).initialValue(c.output)
        .userObject(InspectCommand.class)
        .withToString("field String dev.imagesync.cli.InspectCommand.output").build());
    if (c.registries == null) {
      c.registries = new RegistryOptions();
    }
    spec.addMixin("registries", registryOptions(c.registries));
    if (c.credentials == null) {
      c.credentials = new CredentialOptions();
    }
    spec.addMixin("credentials", credentialOptions(c.credentials));
    if (c.logging == null) {
      c.logging = new OutputOptions();
    }
    spec.addMixin("logging", outputOptions(c.logging));
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  static CommandSpec tagCommand(TagCommand c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("tag");
    spec.usageMessage()
        .description("Adds tags to an image in its own repository: the same manifest, byte for byte, under each NEWTAG; no blob is copied.")
        .footer("  imagesync tag registry.example.com/mirror/app:1.4.2 1.4 1 latest")
        .footerHeading("%nExamples:%n")
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(map(" 0", "tagged",
            " 1", "not found, or the registry refused or failed (one line says why)",
            " 2", "bad input"));
    spec.addPositional(PositionalParamSpec.builder().index("0")
        .paramLabel("IMAGE")
        .description("the image to tag: REPOSITORY:TAG or REPOSITORY@sha256:...")
        .required(true)
        .type(String.class)
        .getter(new TagCommandFields(c, 0)).setter(new TagCommandFields(c, 0))
        .hasInitialValue(true).initialValue(c.image)
        .userObject(TagCommand.class)
        .withToString("field String dev.imagesync.cli.TagCommand.image").build());
    spec.addPositional(PositionalParamSpec.builder().index("1..*")
        .paramLabel("NEWTAG")
        .description("the new tags (names only, in IMAGE's repository)")
        .arity("1..*")
        .required(true)
        .type(java.util.List.class).auxiliaryTypes(String.class)
        .getter(new TagCommandFields(c, 1)).setter(new TagCommandFields(c, 1))
        .hasInitialValue(true).initialValue(c.newTags)
        .userObject(TagCommand.class)
        .withToString("field java.util.List<String> dev.imagesync.cli.TagCommand.newTags").build());
    if (c.registries == null) {
      c.registries = new RegistryOptions();
    }
    spec.addMixin("registries", registryOptions(c.registries));
    if (c.credentials == null) {
      c.credentials = new CredentialOptions();
    }
    spec.addMixin("credentials", credentialOptions(c.credentials));
    if (c.logging == null) {
      c.logging = new OutputOptions();
    }
    spec.addMixin("logging", outputOptions(c.logging));
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  static CommandSpec deleteCommand(DeleteCommand c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("delete");
    spec.usageMessage()
        .description("Deletes one tag, leaving the other tags on the same manifest as they are; or, for IMAGE@sha256:..., the manifest itself \u2014 refused while tags hold it (each named) unless --all-tags-of-manifest. Blobs are the registry's garbage collection's.")
        .footer("  imagesync delete registry.example.com/mirror/app:1.4.2-rc1",
            "  imagesync delete registry.example.com/mirror/app@sha256:0123... --all-tags-of-manifest")
        .footerHeading("%nExamples:%n")
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(map(" 0", "deleted",
            " 1", "not found, refused, or the registry failed (one line says why)",
            " 2", "bad input"));
    spec.addPositional(PositionalParamSpec.builder().index("0")
        .paramLabel("IMAGE")
        .description("REPOSITORY:TAG (that tag) or REPOSITORY@sha256:... (that manifest)")
        .required(true)
        .type(String.class)
        .getter(new DeleteCommandFields(c, 0)).setter(new DeleteCommandFields(c, 0))
        .hasInitialValue(true).initialValue(c.image)
        .userObject(DeleteCommand.class)
        .withToString("field String dev.imagesync.cli.DeleteCommand.image").build());
    spec.addOption(OptionSpec.builder("--all-tags-of-manifest")
        .paramLabel("<allTags>")
        .description("delete the manifest itself, with every tag that holds it (for a tag: the manifest it holds)")
        .type(boolean.class)
        .getter(new DeleteCommandFields(c, 1)).setter(new DeleteCommandFields(c, 1))
        .hasInitialValue(true).initialValue(c.allTags)
        .userObject(DeleteCommand.class)
        .withToString("field boolean dev.imagesync.cli.DeleteCommand.allTags").build());
    if (c.registries == null) {
      c.registries = new RegistryOptions();
    }
    spec.addMixin("registries", registryOptions(c.registries));
    if (c.credentials == null) {
      c.credentials = new CredentialOptions();
    }
    spec.addMixin("credentials", credentialOptions(c.credentials));
    if (c.logging == null) {
      c.logging = new OutputOptions();
    }
    spec.addMixin("logging", outputOptions(c.logging));
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  static CommandSpec auditCommand(AuditCommand c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("audit");
    spec.usageMessage()
        .description("Checks that the mirror the lists describe is whole, without pulling layers: every destination tag is there at the source's digest (else missing or stale), and every manifest and blob it reaches is present (HEADs; referrers too with --referrers). One line per problem, a summary on stderr; sync --repair sends what is missing again.")
        .footer("  imagesync audit images.json --to registry.example.com/mirror",
            "  imagesync audit images.yaml --referrers -o json")
        .footerHeading("%nExamples:%n")
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(map(" 0", "the mirror is whole",
            " 1", "a tag is missing or stale, something it reaches is missing, or a registry failed",
            " 2", "bad input"));
    if (c.lists == null) {
      c.lists = new ListOptions();
    }
    spec.addMixin("lists", listOptions(c.lists));
    if (c.registries == null) {
      c.registries = new RegistryOptions();
    }
    spec.addMixin("registries", registryOptions(c.registries));
    if (c.credentials == null) {
      c.credentials = new CredentialOptions();
    }
    spec.addMixin("credentials", credentialOptions(c.credentials));
    if (c.logging == null) {
      c.logging = new OutputOptions();
    }
    spec.addMixin("logging", outputOptions(c.logging));
    spec.addOption(OptionSpec.builder("--referrers")
        .paramLabel("<referrers>")
        .description("check each image's referrers (signatures, SBOMs) too, and what they reach")
        .type(boolean.class)
        .getter(new AuditCommandFields(c, 0)).setter(new AuditCommandFields(c, 0))
        .hasInitialValue(true).initialValue(c.referrers)
        .userObject(AuditCommand.class)
        .withToString("field boolean dev.imagesync.cli.AuditCommand.referrers").build());
    spec.addOption(OptionSpec.builder("-j", "--jobs")
        .paramLabel("N")
        .description("images checked at once (default: ${DEFAULT-VALUE})")
        .defaultValue("8")
        .type(int.class)
        .getter(new AuditCommandFields(c, 1)).setter(new AuditCommandFields(c, 1))
        .hasInitialValue(true).initialValue(c.jobs)
        .userObject(AuditCommand.class)
        .withToString("field int dev.imagesync.cli.AuditCommand.jobs").build());
    spec.addOption(OptionSpec.builder("-o", "--output")
        .paramLabel("text|json")
        .description("text: a line per problem; json: one JSON object per problem and line (kind, target, digest, detail)")
        .defaultValue("text")
        .type(String.class)
        .getter(new AuditCommandFields(c, 2)).setter(new AuditCommandFields(c, 2))
        .hasInitialValue(true).initialValue(c.output)
        .userObject(AuditCommand.class)
        .withToString("field String dev.imagesync.cli.AuditCommand.output").build());
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  static CommandSpec loginCommand(LoginCommand c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("login");
    spec.usageMessage()
        .description("Logs in to a registry as docker login does: checks the user name and password against it, then writes them to docker's config.json ($DOCKER_CONFIG or ~/.docker), through its credential helper when it names one.")
        .footer("  echo \"$ALIYUN_PASSWORD\" | imagesync login registry.cn-hangzhou.aliyuncs.com -u \"$ALIYUN_USERNAME\" --password-stdin",
            "  imagesync login ghcr.io -u octocat --password-stdin < token.txt")
        .footerHeading("%nExamples:%n")
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(map(" 0", "logged in",
            " 1", "the registry refused the login, or it could not be reached or stored (one line says why)",
            " 2", "bad input"));
    spec.addPositional(PositionalParamSpec.builder().index("0")
        .paramLabel("REGISTRY")
        .description("e.g. docker.io, ghcr.io, registry.example.com:5000")
        .required(true)
        .type(String.class)
        .getter(new LoginCommandFields(c, 0)).setter(new LoginCommandFields(c, 0))
        .hasInitialValue(true).initialValue(c.registry)
        .userObject(LoginCommand.class)
        .withToString("field String dev.imagesync.cli.LoginCommand.registry").build());
    spec.addOption(OptionSpec.builder("-u", "--username")
        .paramLabel("USER")
        .description("the user name")
        .required(true)
        .type(String.class)
        .getter(new LoginCommandFields(c, 1)).setter(new LoginCommandFields(c, 1))
        .hasInitialValue(true).initialValue(c.username)
        .userObject(LoginCommand.class)
        .withToString("field String dev.imagesync.cli.LoginCommand.username").build());
    spec.addOption(OptionSpec.builder("--password-stdin")
        .paramLabel("<passwordStdin>")
        .description("read the password from stdin (without it: asked on the terminal, not echoed)")
        .type(boolean.class)
        .getter(new LoginCommandFields(c, 2)).setter(new LoginCommandFields(c, 2))
        .hasInitialValue(true).initialValue(c.passwordStdin)
        .userObject(LoginCommand.class)
        .withToString("field boolean dev.imagesync.cli.LoginCommand.passwordStdin").build());
    if (c.registries == null) {
      c.registries = new RegistryOptions();
    }
    spec.addMixin("registries", registryOptions(c.registries));
    if (c.logging == null) {
      c.logging = new OutputOptions();
    }
    spec.addMixin("logging", outputOptions(c.logging));
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  static CommandSpec logoutCommand(LogoutCommand c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("logout");
    spec.usageMessage()
        .description("Removes the login for a registry from docker's config.json ($DOCKER_CONFIG or ~/.docker), through its credential helper when it names one, as docker logout does.")
        .footer("  imagesync logout ghcr.io")
        .footerHeading("%nExamples:%n")
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(map(" 0", "logged out, or there was no login",
            " 1", "the file or the helper could not be changed",
            " 2", "bad input"));
    spec.addPositional(PositionalParamSpec.builder().index("0")
        .paramLabel("REGISTRY")
        .description("e.g. docker.io, ghcr.io, registry.example.com:5000")
        .required(true)
        .type(String.class)
        .getter(new LogoutCommandFields(c, 0)).setter(new LogoutCommandFields(c, 0))
        .hasInitialValue(true).initialValue(c.registry)
        .userObject(LogoutCommand.class)
        .withToString("field String dev.imagesync.cli.LogoutCommand.registry").build());
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  static CommandSpec recordCommand(RecordCommand c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("record");
    spec.usageMessage()
        .description("Adds what --report files say was copied or skipped to transfer_history.md and image_list.md (after a sharded run).")
        .footer("  imagesync record reports/*.json")
        .footerHeading("%nExamples:%n");
    spec.addPositional(PositionalParamSpec.builder().index("*")
        .paramLabel("REPORT")
        .description("report files written by sync --report")
        .arity("1..*")
        .required(true)
        .type(java.util.List.class).auxiliaryTypes(java.nio.file.Path.class)
        .getter(new RecordCommandFields(c, 0)).setter(new RecordCommandFields(c, 0))
        .hasInitialValue(true).initialValue(c.reports)
        .userObject(RecordCommand.class)
        .withToString("field java.util.List<java.nio.file.Path> dev.imagesync.cli.RecordCommand.reports").build());
    if (c.recordOptions == null) {
      c.recordOptions = new RecordOptions();
    }
    spec.addMixin("recordOptions", recordOptions(c.recordOptions));
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  static CommandSpec queueCommand(QueueCommand c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("queue");
    spec.usageMessage()
        .description("Adds images to the MySQL queue (images_for_push) or lists it.");
    standardHelp(spec);
    spec.addSubcommand("add", new CommandLine(queueCommandAdd(new QueueCommand.Add())));
    spec.addSubcommand("list", new CommandLine(queueCommandListRows(new QueueCommand.ListRows())));
    c.spec = spec;
    return spec;
  }

  static CommandSpec queueCommandAdd(QueueCommand.Add c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("add");
    spec.usageMessage()
        .description("Queues images as rows of images_for_push (push_status 0); one already waiting (pending or failed) is not added again.")
        .footer("  imagesync queue add langgenius/dify-api:1.1.3 --platform linux/amd64,linux/arm64",
            "  imagesync queue add ghcr.io/org/app:main --queue mysql://sync@db.example:3306/mirror")
        .footerHeading("%nExamples:%n");
    if (c.where == null) {
      c.where = new QueueCommand.Where();
    }
    spec.addMixin("where", queueCommandWhere(c.where));
    spec.addPositional(PositionalParamSpec.builder().index("*")
        .paramLabel("IMAGE")
        .description("e.g. langgenius/dify-api:1.1.3, ghcr.io/org/app:main")
        .arity("1..*")
        .required(true)
        .type(java.util.List.class).auxiliaryTypes(String.class)
        .getter(new QueueCommandAddFields(c, 0)).setter(new QueueCommandAddFields(c, 0))
        .hasInitialValue(true).initialValue(c.images)
        .userObject(QueueCommand.Add.class)
        .withToString("field java.util.List<String> dev.imagesync.cli.QueueCommand$Add.images").build());
    spec.addOption(OptionSpec.builder("--platform")
        .paramLabel("OS/ARCH[,...]")
        .description("the row's platform column (default: ${DEFAULT-VALUE}; 'all' for every platform)")
        .defaultValue("linux/amd64")
        .type(String.class)
        .getter(new QueueCommandAddFields(c, 1)).setter(new QueueCommandAddFields(c, 1))
        .hasInitialValue(true).initialValue(c.platform)
        .userObject(QueueCommand.Add.class)
        .withToString("field String dev.imagesync.cli.QueueCommand$Add.platform").build());
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  static CommandSpec queueCommandWhere(QueueCommand.Where c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.addOption(OptionSpec.builder("--queue")
        .paramLabel("mysql://USER@HOST[:PORT]/DB|mysql")
        .description("the database (default: ${DEFAULT-VALUE}, i.e. MYSQL_HOST, MYSQL_PORT, MYSQL_DB, MYSQL_USER; password: MYSQL_PASSWORD)")
        .defaultValue("mysql")
        .type(String.class)
        .getter(new QueueCommandWhereFields(c, 0)).setter(new QueueCommandWhereFields(c, 0))
        .hasInitialValue(true).initialValue(c.queue)
        .userObject(QueueCommand.Where.class)
        .withToString("field String dev.imagesync.cli.QueueCommand$Where.queue").build());
    spec.addOption(OptionSpec.builder("--timeout")
        .paramLabel("SECONDS")
        .description("the longest wait for the database (default: ${DEFAULT-VALUE})")
        .defaultValue("60")
        .type(int.class)
        .getter(new QueueCommandWhereFields(c, 1)).setter(new QueueCommandWhereFields(c, 1))
        .hasInitialValue(true).initialValue(c.timeoutSeconds)
        .userObject(QueueCommand.Where.class)
        .withToString("field int dev.imagesync.cli.QueueCommand$Where.timeoutSeconds").build());
    if (c.output == null) {
      c.output = new OutputOptions();
    }
    spec.addMixin("output", outputOptions(c.output));
    return spec;
  }

  static CommandSpec queueCommandListRows(QueueCommand.ListRows c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("list");
    spec.usageMessage()
        .description("Shows the queue, newest row first: id, status, attempts, platform, image, added, last error.")
        .footer("  MYSQL_PASSWORD=\u2026 imagesync queue list --limit 20")
        .footerHeading("%nExamples:%n");
    if (c.where == null) {
      c.where = new QueueCommand.Where();
    }
    spec.addMixin("where", queueCommandWhere(c.where));
    spec.addOption(OptionSpec.builder("--limit")
        .paramLabel("N")
        .description("at most N rows (default: ${DEFAULT-VALUE})")
        .defaultValue("100")
        .type(int.class)
        .getter(new QueueCommandListRowsFields(c, 0)).setter(new QueueCommandListRowsFields(c, 0))
        .hasInitialValue(true).initialValue(c.limit)
        .userObject(QueueCommand.ListRows.class)
        .withToString("field int dev.imagesync.cli.QueueCommand$ListRows.limit").build());
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  static CommandSpec completionCommand(CompletionCommand c) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
    spec.name("completion");
    spec.usageMessage()
        .description("Prints a shell completion script for bash or zsh.")
        .footer("  source <(imagesync completion bash)                      (this shell)",
            "  imagesync completion bash > ~/.local/share/bash-completion/completions/imagesync",
            "  echo 'source <(imagesync completion zsh)' >> ~/.zshrc")
        .footerHeading("%nExamples:%n");
    spec.addPositional(PositionalParamSpec.builder().index("0+")
        .paramLabel("SHELL")
        .description("bash or zsh")
        .required(true)
        .type(String.class)
        .getter(new CompletionCommandFields(c, 0)).setter(new CompletionCommandFields(c, 0))
        .hasInitialValue(true).initialValue(c.shell)
        .userObject(CompletionCommand.class)
        .withToString("field String dev.imagesync.cli.CompletionCommand.shell").build());
    standardHelp(spec);
    c.spec = spec;
    return spec;
  }

  /** Reads and writes the option fields of {@code SyncCommand} by number. */
  private static final class SyncCommandFields implements IGetter, ISetter {
    private final SyncCommand c;
    private final int field;

    SyncCommandFields(SyncCommand c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.jobs;
        case 1 -> c.checks;
        case 2 -> c.dryRun;
        case 3 -> c.shard;
        case 4 -> c.repair;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.jobs = (Integer) value;
        case 1 -> c.checks = (Integer) value;
        case 2 -> c.dryRun = (Boolean) value;
        case 3 -> c.shard = (String) value;
        case 4 -> c.repair = (Boolean) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code ListOptions} by number. */
  private static final class ListOptionsFields implements IGetter, ISetter {
    private final ListOptions c;
    private final int field;

    ListOptionsFields(ListOptions c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.files;
        case 1 -> c.imagesFiles;
        case 2 -> c.format;
        case 3 -> c.mappings;
        case 4 -> c.composeFiles;
        case 5 -> c.to;
        case 6 -> c.keepPath;
        case 7 -> c.prune;
        case 8 -> c.strictPlatforms;
        case 9 -> c.verifyKeys;
        case 10 -> c.trustedRoot;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.files = (java.util.List<java.nio.file.Path>) value;
        case 1 -> c.imagesFiles = (java.util.List<java.nio.file.Path>) value;
        case 2 -> c.format = (String) value;
        case 3 -> c.mappings = (java.util.List<String>) value;
        case 4 -> c.composeFiles = (java.util.List<String>) value;
        case 5 -> c.to = (String) value;
        case 6 -> c.keepPath = (Boolean) value;
        case 7 -> c.prune = (Boolean) value;
        case 8 -> c.strictPlatforms = (Boolean) value;
        case 9 -> c.verifyKeys = (java.util.List<java.nio.file.Path>) value;
        case 10 -> c.trustedRoot = (java.nio.file.Path) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code RegistryOptions} by number. */
  private static final class RegistryOptionsFields implements IGetter, ISetter {
    private final RegistryOptions c;
    private final int field;

    RegistryOptionsFields(RegistryOptions c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.insecureRegistries;
        case 1 -> c.caCertificates;
        case 2 -> c.proxy;
        case 3 -> c.timeoutSeconds;
        case 4 -> c.retries;
        case 5 -> c.retryDelaySeconds;
        case 6 -> c.registryMirrors;
        case 7 -> c.trustMirrors;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.insecureRegistries = (java.util.List<String>) value;
        case 1 -> c.caCertificates = (java.nio.file.Path) value;
        case 2 -> c.proxy = (String) value;
        case 3 -> c.timeoutSeconds = (Integer) value;
        case 4 -> c.retries = (Integer) value;
        case 5 -> c.retryDelaySeconds = (Double) value;
        case 6 -> c.registryMirrors = (java.util.List<String>) value;
        case 7 -> c.trustMirrors = (Boolean) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code CredentialOptions} by number. */
  private static final class CredentialOptionsFields implements IGetter, ISetter {
    private final CredentialOptions c;
    private final int field;

    CredentialOptionsFields(CredentialOptions c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.sourceCredentials;
        case 1 -> c.destinationCredentials;
        case 2 -> c.authFile;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.sourceCredentials = (String) value;
        case 1 -> c.destinationCredentials = (String) value;
        case 2 -> c.authFile = (java.nio.file.Path) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code OutputOptions} by number. */
  private static final class OutputOptionsFields implements IGetter, ISetter {
    private final OutputOptions c;
    private final int field;

    OutputOptionsFields(OutputOptions c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.verbose;
        case 1 -> c.debug;
        case 2 -> c.logLevel;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.verbose = (Boolean) value;
        case 1 -> c.debug = (Boolean) value;
        case 2 -> c.logLevel = (String) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code RecordOptions} by number. */
  private static final class RecordOptionsFields implements IGetter, ISetter {
    private final RecordOptions c;
    private final int field;

    RecordOptionsFields(RecordOptions c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.history;
        case 1 -> c.imageList;
        case 2 -> c.noHistory;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.history = (java.nio.file.Path) value;
        case 1 -> c.imageList = (java.nio.file.Path) value;
        case 2 -> c.noHistory = (Boolean) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code RunOutputs} by number. */
  private static final class RunOutputsFields implements IGetter, ISetter {
    private final RunOutputs c;
    private final int field;

    RunOutputsFields(RunOutputs c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.report;
        case 1 -> c.failedList;
        case 2 -> c.notifyUrl;
        case 3 -> c.quiet;
        case 4 -> c.output;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.report = (java.nio.file.Path) value;
        case 1 -> c.failedList = (java.nio.file.Path) value;
        case 2 -> c.notifyUrl = (String) value;
        case 3 -> c.quiet = (Boolean) value;
        case 4 -> c.output = (String) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code ReferrerOptions} by number. */
  private static final class ReferrerOptionsFields implements IGetter, ISetter {
    private final ReferrerOptions c;
    private final int field;

    ReferrerOptionsFields(ReferrerOptions c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.referrers;
        case 1 -> c.types;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.referrers = (Boolean) value;
        case 1 -> c.types = (java.util.List<String>) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code QueueOptions} by number. */
  private static final class QueueOptionsFields implements IGetter, ISetter {
    private final QueueOptions c;
    private final int field;

    QueueOptionsFields(QueueOptions c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.queue;
        case 1 -> c.attempts;
        case 2 -> c.lease;
        case 3 -> c.batch;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.queue = (String) value;
        case 1 -> c.attempts = (Integer) value;
        case 2 -> c.lease = (String) value;
        case 3 -> c.batch = (Integer) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code AcrOptions} by number. */
  private static final class AcrOptionsFields implements IGetter, ISetter {
    private final AcrOptions c;
    private final int field;

    AcrOptionsFields(AcrOptions c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.create;
        case 1 -> c.instance;
        case 2 -> c.createRepositories;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.create = (String) value;
        case 1 -> c.instance = (String) value;
        case 2 -> c.createRepositories = (Boolean) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code PlanCommand} by number. */
  private static final class PlanCommandFields implements IGetter, ISetter {
    private final PlanCommand c;
    private final int field;

    PlanCommandFields(PlanCommand c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.json;
        case 1 -> c.format;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.json = (Boolean) value;
        case 1 -> c.format = (String) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code CopyCommand} by number. */
  private static final class CopyCommandFields implements IGetter, ISetter {
    private final CopyCommand c;
    private final int field;

    CopyCommandFields(CopyCommand c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.source;
        case 1 -> c.destination;
        case 2 -> c.architectures;
        case 3 -> c.strictPlatforms;
        case 4 -> c.verifyKeys;
        case 5 -> c.dryRun;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.source = (String) value;
        case 1 -> c.destination = (String) value;
        case 2 -> c.architectures = (java.util.List<String>) value;
        case 3 -> c.strictPlatforms = (Boolean) value;
        case 4 -> c.verifyKeys = (java.util.List<java.nio.file.Path>) value;
        case 5 -> c.dryRun = (Boolean) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code LsCommand} by number. */
  private static final class LsCommandFields implements IGetter, ISetter {
    private final LsCommand c;
    private final int field;

    LsCommandFields(LsCommand c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.repository;
        case 1 -> c.digests;
        case 2 -> c.output;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.repository = (String) value;
        case 1 -> c.digests = (Boolean) value;
        case 2 -> c.output = (String) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code InspectCommand} by number. */
  private static final class InspectCommandFields implements IGetter, ISetter {
    private final InspectCommand c;
    private final int field;

    InspectCommandFields(InspectCommand c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.image;
        case 1 -> c.raw;
        case 2 -> c.config;
        case 3 -> c.platform;
        case 4 -> c.output;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.image = (String) value;
        case 1 -> c.raw = (Boolean) value;
        case 2 -> c.config = (Boolean) value;
        case 3 -> c.platform = (String) value;
        case 4 -> c.output = (String) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code TagCommand} by number. */
  private static final class TagCommandFields implements IGetter, ISetter {
    private final TagCommand c;
    private final int field;

    TagCommandFields(TagCommand c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.image;
        case 1 -> c.newTags;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.image = (String) value;
        case 1 -> c.newTags = (java.util.List<String>) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code DeleteCommand} by number. */
  private static final class DeleteCommandFields implements IGetter, ISetter {
    private final DeleteCommand c;
    private final int field;

    DeleteCommandFields(DeleteCommand c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.image;
        case 1 -> c.allTags;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.image = (String) value;
        case 1 -> c.allTags = (Boolean) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code AuditCommand} by number. */
  private static final class AuditCommandFields implements IGetter, ISetter {
    private final AuditCommand c;
    private final int field;

    AuditCommandFields(AuditCommand c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.referrers;
        case 1 -> c.jobs;
        case 2 -> c.output;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.referrers = (Boolean) value;
        case 1 -> c.jobs = (Integer) value;
        case 2 -> c.output = (String) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code LoginCommand} by number. */
  private static final class LoginCommandFields implements IGetter, ISetter {
    private final LoginCommand c;
    private final int field;

    LoginCommandFields(LoginCommand c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.registry;
        case 1 -> c.username;
        case 2 -> c.passwordStdin;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.registry = (String) value;
        case 1 -> c.username = (String) value;
        case 2 -> c.passwordStdin = (Boolean) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code LogoutCommand} by number. */
  private static final class LogoutCommandFields implements IGetter, ISetter {
    private final LogoutCommand c;
    private final int field;

    LogoutCommandFields(LogoutCommand c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.registry;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.registry = (String) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code RecordCommand} by number. */
  private static final class RecordCommandFields implements IGetter, ISetter {
    private final RecordCommand c;
    private final int field;

    RecordCommandFields(RecordCommand c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.reports;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.reports = (java.util.List<java.nio.file.Path>) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code Add} by number. */
  private static final class QueueCommandAddFields implements IGetter, ISetter {
    private final QueueCommand.Add c;
    private final int field;

    QueueCommandAddFields(QueueCommand.Add c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.images;
        case 1 -> c.platform;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.images = (java.util.List<String>) value;
        case 1 -> c.platform = (String) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code Where} by number. */
  private static final class QueueCommandWhereFields implements IGetter, ISetter {
    private final QueueCommand.Where c;
    private final int field;

    QueueCommandWhereFields(QueueCommand.Where c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.queue;
        case 1 -> c.timeoutSeconds;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.queue = (String) value;
        case 1 -> c.timeoutSeconds = (Integer) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code ListRows} by number. */
  private static final class QueueCommandListRowsFields implements IGetter, ISetter {
    private final QueueCommand.ListRows c;
    private final int field;

    QueueCommandListRowsFields(QueueCommand.ListRows c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.limit;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.limit = (Integer) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }

  /** Reads and writes the option fields of {@code CompletionCommand} by number. */
  private static final class CompletionCommandFields implements IGetter, ISetter {
    private final CompletionCommand c;
    private final int field;

    CompletionCommandFields(CompletionCommand c, int field) {
      this.c = c;
      this.field = field;
    }

    @Override
    public <T> T get() {
      Object value = switch (field) {
        case 0 -> c.shell;
        default -> throw new IllegalStateException("no field " + field);
      };
      return (T) value;
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      switch (field) {
        case 0 -> c.shell = (String) value;
        default -> throw new IllegalStateException("no field " + field);
      }
      return old;
    }
  }
}
