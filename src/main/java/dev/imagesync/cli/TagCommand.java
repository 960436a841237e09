package dev.imagesync.cli;

import dev.imagesync.config.InputException;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Manifest;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.registry.RegistrySession;
import dev.imagesync.registry.RepositoryClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imagesync tag IMAGE NEWTAG...}: more tags on the same manifest in the same repository, as
 * crane tag does: the manifest's bytes are put again under each new tag (the registry already has
 * everything it references), so the digest stays and no blob moves.
 */
@Command(
    name = "tag",
    mixinStandardHelpOptions = true,
    description = "Adds tags to an image in its own repository: the same manifest, byte for byte, under each NEWTAG; no blob is copied.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:tagged", " 1:not found, or the registry refused or failed (one line says why)", " 2:bad input"},
    footerHeading = "%nExamples:%n",
    footer = {"  imagesync tag registry.example.com/mirror/app:1.4.2 1.4 1 latest"})
final class TagCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "the image to tag: REPOSITORY:TAG or REPOSITORY@sha256:...")
  String image;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "NEWTAG", description = "the new tags (names only, in IMAGE's repository)")
  List<String> newTags;

  @Mixin RegistryOptions registries;
  @Mixin CredentialOptions credentials;
  @Mixin OutputOptions logging;

  @Override
  public Integer call() {
    logging.apply();
    ImageReference ref = RegistryAccess.pinned(image, " to tag from");
    for (String tag : newTags) {
      if (!ImageReference.isValidTag(tag)) {
        throw new InputException("NEWTAG: " + tag + " is not a tag (letters, digits, _ . -, at most 128, not starting with . or -)");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    try (RegistrySession session = RegistryAccess.session(registries, credentials, Optional.of(ref.registry()), ref)) {
      RepositoryClient client = session.openForPush(ref, Optional.empty());
      Manifest manifest = client.getManifest(ref.manifestReference()).orElseThrow(() -> new RegistryException(RegistryException.Kind.NOT_FOUND,
          ref + ": no such image"));
      for (String tag : newTags) {
        client.putManifest(tag, manifest);
        out.println("tagged  " + ref.registry() + "/" + ref.repository() + ":" + tag + " -> " + manifest.digest());
      }
      out.flush();
      return 0;
    }
  }
}
