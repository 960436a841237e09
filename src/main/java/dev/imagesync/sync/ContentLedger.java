package dev.imagesync.sync;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import java.util.Optional;
import java.util.concurrent.CancellationException;
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
  /**
   * Per destination registry and blob: the repository that holds it, or will once the upload in
   * flight there ends (failed uploads are removed: nobody waits on them).
   */
  private final ConcurrentHashMap<String, CompletableFuture<String>> blobHomes = new ConcurrentHashMap<>();

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
      } catch (CompletionException | CancellationException e) {
        return false;
      }
    }
  }

  /** Notes that {@code repository} now holds blob {@code digest} (it was there, or was put there). */
  void blobPresent(ImageReference repository, Digest digest) {
    CompletableFuture<String> known = blobHomes.putIfAbsent(homeKey(repository, digest), CompletableFuture.completedFuture(repository.repository()));
    if (known != null) {
      known.complete(repository.repository()); // ends the wait of others, if ours was the upload in flight
    }
  }

  /**
   * Another repository of {@code repository}'s registry that this run saw holding blob {@code
   * digest}, if any: the blob can be mounted from there instead of uploaded again. Does not wait
   * for an upload in flight.
   */
  Optional<String> otherHome(ImageReference repository, Digest digest) {
    CompletableFuture<String> home = blobHomes.get(homeKey(repository, digest));
    String there = home == null || !home.isDone() || home.isCompletedExceptionally() ? null : home.join();
    return there == null || there.equals(repository.repository()) ? Optional.empty() : Optional.of(there);
  }

  /**
   * Where to mount blob {@code digest} from into {@code repository}: a repository of its registry
   * that holds it (the caller's own, when it is there already) — after waiting, when another job
   * of the run is uploading it there at this moment, for that upload to end. Empty when no
   * repository of the registry has it: then the caller is its uploader for the registry, and
   * reports with {@link #blobPresent} or {@link #uploadFailed}, for whoever waits meanwhile. An
   * upload that fails is never waited on: the next job that needs the blob becomes its uploader.
   */
  Optional<String> homeOrUpload(ImageReference repository, Digest digest) {
    String key = homeKey(repository, digest);
    while (true) {
      CompletableFuture<String> existing = blobHomes.putIfAbsent(key, new CompletableFuture<>());
      if (existing == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(existing.join()); // the caller's own repository when the blob is there already
      } catch (CompletionException | CancellationException e) {
        blobHomes.remove(key, existing); // their upload failed: ours, if nobody else took it meanwhile
      }
    }
  }

  /** For the uploader {@link #homeOrUpload} named: the upload failed; whoever waited for it stops waiting. */
  void uploadFailed(ImageReference repository, Digest digest) {
    CompletableFuture<String> home = blobHomes.get(homeKey(repository, digest));
    if (home != null && home.cancel(false)) {
      blobHomes.remove(homeKey(repository, digest), home);
    }
  }

  private static String homeKey(ImageReference repository, Digest digest) {
    return repository.registry() + " " + digest;
  }

  Claim claim(Kind kind, ImageReference repository, Digest digest) {
    String key = kind + " " + repository.repositoryName() + "@" + digest;
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> existing = entries.putIfAbsent(key, mine);
    return existing == null ? new Claim(this, key, mine, true) : new Claim(this, key, existing, false);
  }
}
