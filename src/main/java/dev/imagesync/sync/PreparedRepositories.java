package dev.imagesync.sync;

import dev.imagesync.image.ImageReference;
import dev.imagesync.registry.RepositoryCreation;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link RepositoryCreation} once per destination repository in a run: the first job to write
 * into a repository makes it ready (and gets the line saying so); the others wait for that, and
 * share its failure rather than asking again.
 */
final class PreparedRepositories {

  private final RepositoryCreation creation;
  private final Map<String, CompletableFuture<Optional<String>>> done = new ConcurrentHashMap<>();

  PreparedRepositories(RepositoryCreation creation) {
    this.creation = creation;
  }

  /** The line for the output, for the job that did the work; empty for the others. */
  Optional<String> before(ImageReference repository) {
    return before(repository, () -> {});
  }

  /**
   * The same, and {@code check} once the repository is ready (that it takes a push, before the
   * first pull for it): its failure is every job's for that repository.
   */
  Optional<String> before(ImageReference repository, Runnable check) {
    CompletableFuture<Optional<String>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<String>> theirs = done.putIfAbsent(repository.repositoryName(), mine);
    if (theirs == null) {
      try {
        Optional<String> note = creation.beforeFirstPush(repository);
        check.run();
        mine.complete(note);
        return note;
      } catch (RuntimeException e) {
        mine.completeExceptionally(e);
        throw e;
      }
    }
    try {
      theirs.join();
      return Optional.empty();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }
}
