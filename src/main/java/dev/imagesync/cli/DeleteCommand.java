package dev.imagesync.cli;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.registry.ManifestHead;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.registry.RegistrySession;
import dev.imagesync.registry.RepositoryClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imagesync delete IMAGE}: one tag, and nothing else — by name where the registry deletes
 * tags, else through a placeholder manifest of its own (registry/TagRemoval), so the other tags on
 * the same manifest stay. A digest deletes the manifest, and with it every tag on it: refused while
 * tags hold it, unless {@code --all-tags-of-manifest} says that is meant.
 */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = "Deletes one tag, leaving the other tags on the same manifest as they are; or, for IMAGE@sha256:..., the manifest "
        + "itself — refused while tags hold it (each named) unless --all-tags-of-manifest. Blobs are the registry's garbage collection's.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:deleted", " 1:not found, refused, or the registry failed (one line says why)", " 2:bad input"},
    footerHeading = "%nExamples:%n",
    footer = {"  imagesync delete registry.example.com/mirror/app:1.4.2-rc1",
      "  imagesync delete registry.example.com/mirror/app@sha256:0123... --all-tags-of-manifest"})
final class DeleteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "REPOSITORY:TAG (that tag) or REPOSITORY@sha256:... (that manifest)")
  String image;

  @Option(names = "--all-tags-of-manifest", description = "delete the manifest itself, with every tag that holds it (for a tag: the manifest it holds)")
  boolean allTags;

  @Mixin RegistryOptions registries;
  @Mixin CredentialOptions credentials;
  @Mixin OutputOptions logging;

  @Override
  public Integer call() {
    logging.apply();
    ImageReference ref = RegistryAccess.pinned(image, ": give REPOSITORY:TAG or REPOSITORY@sha256:...");
    String repo = ref.registry() + "/" + ref.repository();
    PrintWriter out = spec.commandLine().getOut();
    try (RegistrySession session = RegistryAccess.session(registries, credentials, Optional.of(ref.registry()), ref)) {
      RepositoryClient client = session.openForPush(ref, Optional.empty());
      String reference = ref.manifestReference();
      ManifestHead held = client.headManifest(reference).orElseThrow(() -> new RegistryException(RegistryException.Kind.NOT_FOUND,
          ref + ": no such " + (ref.digest().isPresent() ? "manifest" : "tag")));
      if (ref.digest().isEmpty() && !allTags) {
        RepositoryClient.TagDeletion how = client.deleteTag(ref.tag().get());
        out.println("deleted " + repo + ":" + ref.tag().get() + " (it held " + held.digest() + (how == RepositoryClient.TagDeletion.UNTAGGED
            ? "; deleted alone through a placeholder manifest, as this registry deletes only manifests" : "") + ")");
        out.flush();
        return 0;
      }
      Digest digest = held.digest();
      List<String> holders = holders(client, digest);
      if (!allTags && !holders.isEmpty()) {
        throw new RegistryException(RegistryException.Kind.OTHER, repo + "@" + digest + " is held by " + holders.size() + " tag"
            + (holders.size() == 1 ? "" : "s") + " (" + String.join(", ", holders) + "): deleting the manifest deletes "
            + (holders.size() == 1 ? "it" : "them") + " too; delete a tag alone (IMAGE:TAG), or pass --all-tags-of-manifest");
      }
      client.deleteManifest(digest.toString());
      out.println("deleted " + repo + "@" + digest + (holders.isEmpty() ? "" : " and its tags " + String.join(", ", holders)));
      out.flush();
      return 0;
    }
  }

  /** The tags of the repository that hold {@code digest} now (a listing and a HEAD per tag). */
  private static List<String> holders(RepositoryClient client, Digest digest) {
    List<String> tags = client.listTags();
    List<Optional<ManifestHead>> heads = RegistryAccess.heads(client, tags);
    List<String> holding = new ArrayList<>();
    for (int i = 0; i < tags.size(); i++) {
      if (heads.get(i).filter(h -> h.digest().equals(digest)).isPresent()) {
        holding.add(tags.get(i));
      }
    }
    return holding;
  }
}
