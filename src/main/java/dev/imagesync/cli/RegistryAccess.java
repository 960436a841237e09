package dev.imagesync.cli;

import dev.imagesync.config.InputException;
import dev.imagesync.image.ImageReference;
import dev.imagesync.registry.RegistrySession;
import dev.imagesync.registry.ManifestHead;
import dev.imagesync.registry.RepositoryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the everyday commands (ls, inspect, tag, delete) share: a reference read from the command
 * line (bad input is exit 2, naming the argument), a registry session with the run's credentials,
 * proxies and certificates, as sync and copy have it, and the HEADs of a repository's tags.
 */
final class RegistryAccess {

  private RegistryAccess() {}

  static ImageReference reference(String text, String what) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InputException(what + ": " + e.getMessage());
    }
  }

  /** An IMAGE argument that must name a tag or a digest ({@code notPinned}: what to say after "names no tag or digest"). */
  static ImageReference pinned(String text, String notPinned) {
    ImageReference ref = reference(text, "IMAGE");
    if (ref.tag().isEmpty() && ref.digest().isEmpty()) {
      throw new InputException("IMAGE: " + text + " names no tag or digest" + notPinned);
    }
    return ref;
  }

  /**
   * {@code writing}: the registry the command writes to (its credentials are a destination's), if
   * it writes; {@code reached}: the repository it works on, whose TLS (when it speaks TLS) is set
   * up at once on a thread of its own, while the credentials are read and the first request made.
   */
  static RegistrySession session(RegistryOptions registries, CredentialOptions credentials, Optional<String> writing, ImageReference reached) {
    var proxies = registries.proxies(Main.environment);
    RegistrySession session = registries.session(credentials.resolve(Main.environment, writing, proxies), 4, proxies);
    session.prepareTls(List.of(reached));
    return session;
  }

  /** Each tag's HEAD, eight at a time: a tag deleted meanwhile has none. */
  static List<Optional<ManifestHead>> heads(RepositoryClient client, List<String> tags) {
    ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "imagesync-ls");
      t.setDaemon(true);
      return t;
    });
    try {
      List<CompletableFuture<Optional<ManifestHead>>> asked = new ArrayList<>();
      for (String tag : tags) {
        asked.add(CompletableFuture.supplyAsync(() -> client.headManifest(tag), pool));
      }
      List<Optional<ManifestHead>> heads = new ArrayList<>();
      for (CompletableFuture<Optional<ManifestHead>> f : asked) {
        try {
          heads.add(f.join());
        } catch (java.util.concurrent.CompletionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : e;
        }
      }
      return heads;
    } finally {
      pool.shutdownNow();
    }
  }
}
