package dev.imagesync.cli;

import dev.imagesync.config.InputException;
import dev.imagesync.sync.ReferrerPolicy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --referrers} and {@code --referrers-type}: whether signatures, attestations and SBOMs go with their images. */
final class ReferrerOptions {

  @Option(names = "--referrers", description = "copy what refers to each image too: OCI referrers (API or sha256-HEX tag index) and "
      + "cosign's sha256-HEX.sig/.att/.sbom tags, recursively")
  boolean referrers;

  @Option(names = "--referrers-type", paramLabel = "TYPE", description = "carry only referrers of this artifactType (repeatable; "
      + "e.g. application/spdx+json, application/vnd.dev.cosign.simplesigning.v1+json); implies --referrers")
  List<String> types = new ArrayList<>();

  ReferrerPolicy policy() {
    for (String t : types) {
      // A media type: type/subtype with the characters RFC 6838 allows.
      if (!t.matches("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}")) {
        throw new InputException("--referrers-type: '" + t + "' is not a media type (such as application/spdx+json)");
      }
    }
    return new ReferrerPolicy(referrers || !types.isEmpty(), types);
  }
}
