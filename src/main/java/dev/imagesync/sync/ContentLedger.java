package dev.imagesync.sync;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this run has put into which destination repository — blobs and manifests — including what
 * is still in flight: the first job that needs an object there writes it, the others wait for
 * that instead of sending the same bytes again (tags of one repository share most layers) or
 * writing the same manifest at the same moment (which distribution can answer with a 500).
 *
 * <p>Claims nest strictly — a top manifest, then its child manifests, then blobs — and a job
 * settles each claim before taking the next at the same level. Blob claims only ever do I/O, so a
 * job waiting on another can never be waited on in turn: no cycles.
 */
final class ContentLedger {

  /** What kind of object a claim is for (a manifest's bytes could also be stored as a blob). */
  enum Kind {
    BLOB,
    MANIFEST
  }

  private final ConcurrentHashMap<String, CompletableFuture<Void>> entries = new ConcurrentHashMap<>();
  /** Per registry and blob: a repository this run put it in (a source for cross-repository mounts). */
  private final ConcurrentHashMap<String, String> blobHomes = new ConcurrentHashMap<>();

  /** A claim on one (repository, blob): either ours to transfer, or someone else's to wait for. */
  static final class Claim {
    private final ContentLedger ledger;
    private final String key;
    private final CompletableFuture<Void> future;
    private final boolean owner;

    private Claim(ContentLedger ledger, String key, CompletableFuture<Void> future, boolean owner) {
      this.ledger = ledger;
      this.key = key;
      this.future = future;
      this.owner = owner;
    }

    boolean owner() {
      return owner;
    }

    /** For a claim we own: the blob is there now. */
    void done() {
      future.complete(null);
    }

    /** For a claim we own: it failed; the next job that needs the blob tries again. */
    void failed(RuntimeException e) {
      ledger.entries.remove(key, future);
      future.completeExceptionally(e);
    }

    /** For someone else's claim: waits; true if their transfer succeeded. */
    boolean awaitOther() {
      try {
        future.join();
        return true;
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        return false;
      }
    }
  }

  /** Notes that {@code repository} now holds blob {@code digest}. */
  void blobPresent(ImageReference repository, Digest digest) {
    blobHomes.putIfAbsent(repository.registry() + " " + digest, repository.repository());
  }

  /**
   * Another repository of {@code repository}'s registry that this run saw holding blob {@code
   * digest}, if any: the blob can be mounted from there instead of uploaded again.
   */
  java.util.Optional<String> otherHome(ImageReference repository, Digest digest) {
    String home = blobHomes.get(repository.registry() + " " + digest);
    return home == null || home.equals(repository.repository()) ? java.util.Optional.empty() : java.util.Optional.of(home);
  }

  Claim claim(Kind kind, ImageReference repository, Digest digest) {
    String key = kind + " " + repository.repositoryName() + "@" + digest;
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> existing = entries.putIfAbsent(key, mine);
    return existing == null ? new Claim(this, key, mine, true) : new Claim(this, key, existing, false);
  }
}
