package dev.imagesync.cli;

import dev.imagesync.config.Destination;
import dev.imagesync.config.Inputs;
import dev.imagesync.config.Naming;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The inputs shared by {@code sync} and {@code plan}: lists, mappings, compose files, destination. */
final class ListOptions {

  @Parameters(arity = "0..*", paramLabel = "FILE",
      description = "image lists: images.json, images.md (or .txt), image-syncer's images.yaml (or its JSON spelling); - for standard input; "
          + "or a whole namespace, 'REGISTRY/NAMESPACE/*' (quoted)")
  List<Path> files = new ArrayList<>();

  @Option(names = "--images", paramLabel = "FILE", description = "an image list, as image-syncer names it (same as FILE; repeatable)")
  List<Path> imagesFiles = new ArrayList<>();

  @Option(names = "--format", paramLabel = "json|md|yaml", description = "read every FILE in this format instead of going by its name")
  String format;

  @Option(names = "--mapping", paramLabel = "SRC=DST[,SRC=DST...]",
      description = "mapping strings (repeatable; commas or newlines between items); without FILE, --mapping or --compose, $DOCKER_SYNC_MAPPINGS is read")
  List<String> mappings = new ArrayList<>();

  @Option(names = "--compose", paramLabel = "FILE|URL", description = "every service image of a docker compose file, or one at an http(s) URL (repeatable)")
  List<String> composeFiles = new ArrayList<>();

  @Option(names = "--to", paramLabel = "REGISTRY[/NAMESPACE]",
      description = "destination prefix for entries that name no registry (default: $ALIYUN_REGISTRY/$ALIYUN_NAMESPACE), or oci:DIR to write image layout directories, one per repository, or docker-archive:FILE to write every image into one docker save tar (for docker load)")
  String to;

  @Option(names = "--keep-path", description = "keep the whole source path under the destination (default: its last element)")
  boolean keepPath;

  @Option(names = "--prune",
      description = "delete destination tags an entry's tag selection (allTags, tagPattern, semver) takes that the source no longer has")
  boolean prune;

  @Option(names = "--strict-platforms",
      description = "fail an image that lacks a platform its entry asks for (default: one warning, the platforms it has are copied)")
  boolean strictPlatforms;

  @Option(names = "--verify-key", paramLabel = "FILE",
      description = "copy only images signed (cosign, sha256-HEX.sig at the source) by this PEM public key (repeatable: any of them); "
          + "an entry's own \"verify\" wins")
  List<Path> verifyKeys = new ArrayList<>();

  @Option(names = "--trusted-root", paramLabel = "FILE",
      description = "Sigstore's trusted_root.json, for entries whose \"verify\" names an identity and issuer (keyless): the certificate "
          + "authorities and transparency logs trusted, offline")
  Path trustedRoot;

  /** --trusted-root, read; one that cannot be read is bad input. */
  Optional<dev.imagesync.image.TrustedRoot> trustedRoot() {
    try {
      return Optional.ofNullable(trustedRoot).map(dev.imagesync.image.TrustedRoot::read);
    } catch (IllegalArgumentException e) {
      throw new dev.imagesync.config.InputException("--trusted-root: " + e.getMessage());
    }
  }

  /** --verify-key's keys as a verification, when any are given; a key that cannot be read is bad input. */
  Optional<dev.imagesync.config.Verification> verification() {
    return verification(verifyKeys);
  }

  static Optional<dev.imagesync.config.Verification> verification(List<Path> keys) {
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    List<dev.imagesync.image.VerificationKey> read = new ArrayList<>();
    for (Path k : keys) {
      try {
        read.add(dev.imagesync.image.VerificationKey.read(k));
      } catch (IllegalArgumentException e) {
        throw new dev.imagesync.config.InputException("--verify-key: " + e.getMessage());
      }
    }
    return Optional.of(new dev.imagesync.config.Verification(read, Optional.empty()));
  }

  /** Reads every input; bad input is an InputException (exit 2) before anything is sent. */
  Inputs.Result read(Map<String, String> env, Naming naming, dev.imagesync.http.ProxySettings proxies) {
    Optional<Inputs.Format> forced = format == null ? Optional.empty() : Optional.of(Inputs.Format.parse(format));
    List<Path> all = new ArrayList<>(files);
    all.addAll(imagesFiles);
    List<Path> composePaths = new ArrayList<>();
    List<dev.imagesync.config.RemoteDocument> fetched = new ArrayList<>();
    for (String compose : composeFiles) {
      if (dev.imagesync.config.RemoteDocument.isUrl(compose)) {
        fetched.add(dev.imagesync.config.RemoteDocument.fetch(compose, proxies));
      } else {
        composePaths.add(Path.of(compose));
      }
    }
    return Inputs.read(new Inputs.Request(all, forced, mappings, composePaths, fetched, env), naming);
  }

  /** Whether any list, mapping or compose file is named on the command line. */
  boolean namesAnything() {
    return !files.isEmpty() || !imagesFiles.isEmpty() || !mappings.isEmpty() || !composeFiles.isEmpty();
  }

  Naming naming(Map<String, String> env) {
    return new Naming(Destination.find(to, env), keepPath);
  }

  /** The registry of the destination prefix (--to, else ALIYUN_REGISTRY), if there is one. */
  java.util.Optional<String> destinationRegistry(java.util.Map<String, String> env) {
    return Destination.find(to, env).map(Destination::registry);
  }
}
