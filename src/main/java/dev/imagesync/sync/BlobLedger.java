package dev.imagesync.sync;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which blobs this run has put into which destination repository, including those still in
 * flight: the first job that needs a blob transfers it, the others wait for that transfer instead
 * of uploading the same bytes again (two tags of one repository share most layers).
 *
 * <p>A job owns at most one unfinished entry at a time (it copies blobs one after another and
 * settles each before the next), so jobs waiting on each other cannot form a cycle.
 */
final class BlobLedger {

  private final ConcurrentHashMap<String, CompletableFuture<Void>> entries = new ConcurrentHashMap<>();

  /** A claim on one (repository, blob): either ours to transfer, or someone else's to wait for. */
  static final class Claim {
    private final BlobLedger ledger;
    private final String key;
    private final CompletableFuture<Void> future;
    private final boolean owner;

    private Claim(BlobLedger ledger, String key, CompletableFuture<Void> future, boolean owner) {
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

  Claim claim(ImageReference repository, Digest digest) {
    String key = repository.repositoryName() + "@" + digest;
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> existing = entries.putIfAbsent(key, mine);
    return existing == null ? new Claim(this, key, mine, true) : new Claim(this, key, existing, false);
  }
}
