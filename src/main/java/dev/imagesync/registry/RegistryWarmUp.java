package dev.imagesync.registry;

import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.http.Transport;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Gets a run ready to reach its registries while its jobs start, so that a registry behind TLS
 * and a token service on another host costs one token chain, not one per job, and not in a row
 * after the source's first answers: for each registry (and credential), one {@code GET /v2/} —
 * the version check every client sends first; it settles the scheme and learns the challenge —
 * then tokens for every repository the run reads or writes there, several scopes per fetch (see
 * {@link RegistryAuth#warmUp}), while more connections open for the jobs that wait for them. A
 * job challenged meanwhile waits for those tokens instead of fetching its own. Everything here is
 * an optimisation: a failure is left for the jobs to meet and report.
 */
final class RegistryWarmUp {

  /**
   * Connections opened ahead of need per registry: what the first wave of jobs uses at once (a
   * job reads or writes two blobs at once: a config and a layer, two children of an index), at
   * most this many.
   */
  private static final int MAX_CONNECTIONS_AHEAD = 64;

  /** One registry to get ready: its API host, authorization, the layers under it, scopes, and how many jobs go there. */
  record Registry(String apiHost, RegistryAuth auth, Transport transport, List<String> scopes, int jobs) {}

  private final int jobs;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "imagesync-warm-up");
    t.setDaemon(true);
    return t;
  });

  RegistryWarmUp(int jobs) {
    this.jobs = jobs;
  }

  void start(Registry registry) {
    threads.execute(() -> registry.auth().warmUp(() -> ask(registry), registry.scopes()));
  }

  /**
   * {@code GET /v2/}: the challenge it was answered with, if any. A registry that asks for
   * credentials gets more connections opened at the same time, for the jobs that wait for its
   * token meanwhile (a TLS connection costs a round trip more than the request it carries); one
   * that does not has its jobs start at once, each on a connection of its own.
   */
  private Optional<String> ask(Registry registry) {
    Optional<String> challenge = ping(registry);
    if (challenge.isPresent()) {
      int more = Math.min(MAX_CONNECTIONS_AHEAD, 2 * Math.min(jobs, registry.jobs())) - 1;
      for (int i = 0; i < more; i++) {
        threads.execute(() -> ping(registry));
      }
    }
    return challenge;
  }

  /** One {@code GET /v2/}: the challenge it was answered with, if any. */
  private static Optional<String> ping(Registry registry) {
    try {
      Response response = registry.transport().send(Request.of("GET", URI.create("https://" + registry.apiHost() + "/v2/")));
      response.discard();
      return response.status() == 401 ? response.headers().first("WWW-Authenticate") : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
