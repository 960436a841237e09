package dev.imagesync.sync;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the jobs of one run share about referrers: each source repository's tags (listed once,
 * for the referrers tag schema and cosign's digest tags), which registries have the referrers
 * API, and which subjects' referrers were already carried into which repository (once per run).
 */
final class ReferrerLedger {

  private final Map<String, CompletableFuture<Set<String>>> tags = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Boolean>> api = new ConcurrentHashMap<>();
  private final Set<String> visited = ConcurrentHashMap.newKeySet();

  /** The tags of {@code repository}, listed by {@code list} the first time any job asks. */
  Set<String> tagsOf(String repository, Supplier<List<String>> list) {
    return once(tags, repository, () -> Set.copyOf(list.get()));
  }

  /**
   * Whether {@code registry} has the referrers API: {@code probe} asks it (and may keep what it
   * got) the first time; every later caller waits for that answer instead of asking again.
   */
  boolean hasApi(String registry, Supplier<Boolean> probe) {
    return once(api, registry, probe);
  }

  /** Whether the API of {@code registry} is already known to be absent. */
  boolean knownWithoutApi(String registry) {
    CompletableFuture<Boolean> known = api.get(registry);
    return known != null && known.isDone() && !known.isCompletedExceptionally() && !known.join();
  }

  /** {@code compute} for {@code key}, run by the first caller only; a failure lets the next caller try again. */
  private static <T> T once(Map<String, CompletableFuture<T>> memo, String key, Supplier<T> compute) {
    CompletableFuture<T> mine = new CompletableFuture<>();
    CompletableFuture<T> theirs = memo.putIfAbsent(key, mine);
    if (theirs == null) {
      try {
        mine.complete(compute.get());
      } catch (RuntimeException e) {
        memo.remove(key, mine);
        mine.completeExceptionally(e);
        throw e;
      }
      return mine.join();
    }
    try {
      return theirs.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** True the first time the referrers of {@code subject} are to go into {@code repository} in this run. */
  boolean firstVisit(String repository, dev.imagesync.image.Digest subject) {
    return visited.add(repository + "@" + subject);
  }
}
