package dev.imagesync.registry;

import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import dev.imagesync.image.ImageReference;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scope of a set of registry clients. Jib's {@link FailoverHttpClient} keeps every transport
 * and response it creates until it is shut down, so a session serves a bounded number of jobs
 * (see SyncRunner) and then releases everything together by {@link #close()}. Within a session a
 * repository's client, and so its authentication, is made once. Used by one thread at a time.
 */
public final class RegistrySession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RegistrySession.class);
  static final String USER_AGENT = "imagesync/0.1";

  private final RegistryContext context;
  private final Map<String, FailoverHttpClient> httpByRegistry = new ConcurrentHashMap<>();
  /** Clients already made in this session, so a repository authenticates once per session. */
  private final Map<String, RepositoryClient> clients = new ConcurrentHashMap<>();
  private final EventHandlers jibEvents;

  public RegistrySession(RegistryContext context) {
    this.context = context;
    // Jib reports retries and I/O errors as events; they are details for --verbose, not for users.
    this.jibEvents =
        EventHandlers.builder()
            .add(LogEvent.class, e -> LOG.debug("jib: {}", e.getMessage().replaceAll("\u001B\\[[;\\d]*m", "")))
            .build();
  }

  /** A client for reading {@code repository} (its tag and digest are ignored). */
  public RepositoryClient openForPull(ImageReference repository) {
    return open(repository, Access.PULL, Optional.empty(), CredentialProvider.Role.SOURCE);
  }

  /**
   * A client for writing {@code repository}. When {@code mountSource} is on the same registry,
   * blobs are first offered as cross-repository mounts from it.
   */
  public RepositoryClient openForPush(ImageReference repository, Optional<ImageReference> mountSource) {
    Optional<String> mountFrom =
        mountSource
            .filter(s -> s.registry().equals(repository.registry()))
            .filter(s -> !s.repository().equals(repository.repository()))
            .map(ImageReference::repository);
    return open(repository, Access.PUSH, mountFrom, CredentialProvider.Role.DESTINATION);
  }

  private RepositoryClient open(ImageReference repository, Access access, Optional<String> mountFrom, CredentialProvider.Role role) {
    String registry = repository.registry();
    if (access == Access.PULL) {
      context.rateLimits().exhaustion(registry).ifPresent(reason -> {
        throw new RegistryException(RegistryException.Kind.RATE_LIMITED, reason);
      });
    }
    String key = repository.repositoryName() + "|" + access + "|" + mountFrom.orElse("");
    return clients.computeIfAbsent(key, k -> create(repository, access, mountFrom, role));
  }

  private RepositoryClient create(ImageReference repository, Access access, Optional<String> mountFrom, CredentialProvider.Role role) {
    String registry = repository.registry();
    TransportPolicy.Mode mode = context.policy().modeOf(registry);
    // Where plain HTTP is allowed, find out once per run whether the registry speaks it: then our
    // own requests skip the HTTPS attempts (a doomed TLS handshake per request cost ~40% of the
    // CPU of a run of small images).
    TransportProbe.Result probed = mode == TransportPolicy.Mode.SECURE
        ? new TransportProbe.Result(TransportProbe.Finding.TRUSTED_TLS, "") : context.probe().probe(apiHost(registry));
    TransportProbe.Finding found = probed.finding();
    if (mode == TransportPolicy.Mode.LOOPBACK && found == TransportProbe.Finding.UNTRUSTED_TLS) {
      throw new RegistryException(RegistryException.Kind.TLS, "TLS certificate of " + registry + " is not trusted ("
          + probed.detail() + "); pass --ca-cert FILE with its CA, or --insecure-registry " + registry + " to skip the check");
    }
    boolean plainHttp = found == TransportProbe.Finding.PLAIN_HTTP;
    // Jib always starts from https://; for plain HTTP or an unverified certificate it needs the failover.
    boolean insecure = mode == TransportPolicy.Mode.INSECURE || plainHttp;
    FailoverHttpClient http =
        httpByRegistry.computeIfAbsent(
            registry,
            r -> new FailoverHttpClient(insecure, insecure, e -> LOG.debug("http: {}", e.getMessage())));
    return new JibRepositoryClient(
        http, jibEvents, registry, apiHost(registry), plainHttp ? "http" : "https", repository.repository(), access, mountFrom,
        context.credentials().credentialFor(repository, role), context.rateLimits());
  }

  /** The host that serves the registry API (Docker Hub's is not docker.io). */
  static String apiHost(String registry) {
    return registry.equals(ImageReference.DOCKER_HUB) ? "registry-1.docker.io" : registry;
  }

  @Override
  public void close() {
    for (FailoverHttpClient http : httpByRegistry.values()) {
      try {
        http.shutDown();
      } catch (IOException e) {
        LOG.debug("closing connections: {}", e.toString());
      }
    }
    httpByRegistry.clear();
    clients.clear();
  }
}
