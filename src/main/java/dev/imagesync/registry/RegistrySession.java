package dev.imagesync.registry;

import dev.imagesync.image.ImageReference;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything one run knows about talking to registries, shared by all its jobs and threads: the
 * pooled connections (through the context's {@link HttpTransport}), one {@link RegistryAuth} per
 * registry and credential (so a token for a scope is fetched once and reused by every job), and
 * one client per repository and access.
 */
public final class RegistrySession {

  static final String USER_AGENT = "imagesync/0.1";

  private final RegistryContext context;
  private final Map<AuthKey, RegistryAuth> auths = new ConcurrentHashMap<>();
  private final Map<String, RepositoryClient> clients = new ConcurrentHashMap<>();

  public RegistrySession(RegistryContext context) {
    this.context = context;
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
    String key = repository.repositoryName() + "|" + access + "|" + mountFrom.orElse("") + "|" + role;
    RepositoryClient known = clients.get(key);
    if (known != null) {
      return known;
    }
    HttpTransport.Endpoint endpoint = context.transport().endpoint(registry);
    Optional<RegistryCredential> credential = context.credentials().credentialFor(repository, role);
    RegistryAuth auth = auths.computeIfAbsent(new AuthKey(registry, credential),
        k -> new RegistryAuth(context.transport(), registry, credential));
    RepositoryClient client = new Retrying(
        new HttpRepositoryClient(context.transport(), endpoint, registry, repository.repository(), access, mountFrom, auth, context.rateLimits(),
            context.meter()),
        context.retries(), registry + "/" + repository.repository());
    RepositoryClient raced = clients.putIfAbsent(key, client);
    return raced != null ? raced : client;
  }

  private record AuthKey(String registry, Optional<RegistryCredential> credential) {}
}
