package dev.imagesync.registry;

import dev.imagesync.http.Cancellation;
import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The upload sessions this run has opened at registries and not yet committed. When a run is
 * stopped (Ctrl-C, SIGTERM) they are cancelled with a DELETE, as the distribution spec provides,
 * instead of being left for the registry's own clean-up to find days later.
 */
final class OpenUploads {

  /** A DELETE that takes longer than this is not waited for: the run is stopping. */
  private static final Duration DELETE_TIMEOUT = Duration.ofSeconds(5);

  private record Open(RepositoryEndpoint at, Cancellation upload) {}

  private final Map<URI, Open> open = new ConcurrentHashMap<>();

  private volatile boolean stopping;

  /**
   * Notes {@code session} as open; {@code upload} aborts the request sending its content. A
   * session a registry opened after the run began to stop (its POST was on the way) is cancelled
   * at once, and the upload ends there.
   */
  void opened(URI session, RepositoryEndpoint at, Cancellation upload) {
    open.put(session, new Open(at, upload));
    if (stopping) {
      abandoned(session, at);
      throw new RegistryException(RegistryException.Kind.OTHER, "the run is stopping");
    }
  }

  void closed(URI session) {
    open.remove(session);
  }

  /**
   * An upload that failed: its session is cancelled now (DELETE, as the run goes on), so that a
   * registry out of disk or refusing a blob is not left with one open session per attempt.
   */
  void abandoned(URI session, RepositoryEndpoint at) {
    open.remove(session);
    delete(session, at);
  }

  int count() {
    return open.size();
  }

  /**
   * Aborts the uploads in flight, then sends a DELETE for every open session at once and waits
   * at most {@code within} for the answers. (A DELETE while the session's own PUT still streams
   * is not enough: distribution cancels the session, and the PUT writes it again.) Returns how
   * many were in flight, and how many of those the registries confirmed; a session opened after
   * this is cancelled as it opens ({@link #opened}).
   */
  CancelledUploads cancelAll(Duration within) {
    stopping = true;
    open.values().forEach(o -> o.upload().cancel());
    List<CompletableFuture<Boolean>> deletes = open.entrySet().stream()
        .map(e -> CompletableFuture.supplyAsync(() -> delete(e.getKey(), e.getValue().at())))
        .toList();
    long deadline = System.nanoTime() + within.toNanos();
    int confirmed = 0;
    for (CompletableFuture<Boolean> delete : deletes) {
      try {
        if (delete.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          confirmed++;
        }
      } catch (Exception notInTime) {
        // left for the registry's clean-up
      }
    }
    return new CancelledUploads(deletes.size(), confirmed);
  }

  private boolean delete(URI session, RepositoryEndpoint at) {
    try {
      Response response = at.send(Request.of("DELETE", session).withTimeout(DELETE_TIMEOUT), "cancel upload");
      response.discard();
      // 404: the session had already ended (committed or dropped) when the DELETE came.
      boolean gone = response.status() == 204 || response.status() == 202 || response.status() == 200 || response.status() == 404;
      if (gone) {
        open.remove(session);
      }
      return gone;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
