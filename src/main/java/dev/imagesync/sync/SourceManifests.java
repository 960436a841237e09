package dev.imagesync.sync;

import dev.imagesync.image.Digest;
import dev.imagesync.image.Manifest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The source manifests a run has fetched, by registry and digest, so that each is pulled once per
 * run: tags that share a digest ({@code latest}, {@code 1}, {@code 1.27} — the norm on Docker Hub)
 * would otherwise each GET the same index and children, and Docker Hub counts every manifest GET
 * against its pull limit (a HEAD is free). Content-addressed, so one registry's copy of a digest
 * serves every repository of it. Two jobs asking at once share one GET; a failed GET is not kept.
 */
final class SourceManifests {

  private final ConcurrentHashMap<String, CompletableFuture<Manifest>> fetched = new ConcurrentHashMap<>();

  /** The manifest {@code digest} of {@code registry}: fetched by {@code fetch} unless this run already has it. */
  Manifest get(String registry, Digest digest, Supplier<Manifest> fetch) {
    String key = registry + "@" + digest;
    CompletableFuture<Manifest> mine = new CompletableFuture<>();
    CompletableFuture<Manifest> first = fetched.putIfAbsent(key, mine);
    if (first != null) {
      try {
        return first.join();
      } catch (CompletionException e) {
        return fetch.get(); // the other job's GET failed (and is forgotten): this one tries for itself
      }
    }
    try {
      Manifest manifest = fetch.get();
      mine.complete(manifest);
      return manifest;
    } catch (RuntimeException e) {
      fetched.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }
}
