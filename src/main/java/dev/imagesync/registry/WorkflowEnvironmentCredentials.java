package dev.imagesync.registry;

import dev.imagesync.image.ImageReference;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The variables the existing workflows already set:
 * <ul>
 *   <li>{@code ALIYUN_USERNAME} + {@code ALIYUN_PASSWORD} (or {@code ALIYUN_REGISTRY_USER} + {@code
 *       ALIYUN_REGISTRY_PASSWORD}) for the {@code ALIYUN_REGISTRY} host; when that is unset (the
 *       skopeo workflow writes its registry into the workflow and passes it as {@code --to}), for
 *       the {@code --to} destination; and for any Alibaba Cloud registry ({@code *.aliyuncs.com});
 *   <li>{@code MY_REGISTRY_USER} + {@code MY_REGISTRY_PASSWORD} for the {@code MY_REGISTRY} host
 *       (the database workflow's second target), whatever else is set — for a {@code copy} or
 *       {@code sync --to} into it too;
 *   <li>{@code DOCKERHUB_USERNAME} + {@code DOCKERHUB_TOKEN} for Docker Hub;
 *   <li>{@code GITHUB_TOKEN} (user {@code GITHUB_ACTOR}) for ghcr.io.
 * </ul>
 */
public final class WorkflowEnvironmentCredentials implements CredentialProvider {

  private final Map<String, String> env;
  private final Optional<String> destinationRegistry;

  public WorkflowEnvironmentCredentials(Map<String, String> env) {
    this(env, Optional.empty());
  }

  /** {@code destinationRegistry}: the registry of {@code --to}, if given. */
  public WorkflowEnvironmentCredentials(Map<String, String> env, Optional<String> destinationRegistry) {
    this.env = env;
    this.destinationRegistry = destinationRegistry;
  }

  @Override
  public Optional<RegistryCredential> credentialFor(ImageReference repository, Role role) {
    String registry = repository.registry();
    String aliyun = host("ALIYUN_REGISTRY");
    if (!aliyun.isEmpty() && registry.equalsIgnoreCase(aliyun)) {
      return aliyunPair();
    }
    // MY_REGISTRY names its host outright: its pair wins over any guess (the --to destination
    // taken for Aliyun's when ALIYUN_REGISTRY is unset), whatever else is set.
    String mine = host("MY_REGISTRY");
    if (!mine.isEmpty() && registry.equalsIgnoreCase(mine)) {
      Optional<RegistryCredential> own = pair("MY_REGISTRY_USER", "MY_REGISTRY_PASSWORD");
      if (own.isPresent()) {
        return own;
      }
    }
    if (isAliyunHost(registry, role)) {
      return aliyunPair();
    }
    if (registry.equals(ImageReference.DOCKER_HUB)) {
      return pair("DOCKERHUB_USERNAME", "DOCKERHUB_TOKEN");
    }
    if (registry.equals("ghcr.io")) {
      String token = env.getOrDefault("GITHUB_TOKEN", "");
      if (!token.isEmpty()) {
        // GHCR accepts any user name with a token; the actor is what docker login would use.
        return Optional.of(new RegistryCredential(env.getOrDefault("GITHUB_ACTOR", "github-actions"), token));
      }
    }
    return Optional.empty();
  }

  private Optional<RegistryCredential> aliyunPair() {
    return pair("ALIYUN_USERNAME", "ALIYUN_PASSWORD").or(() -> pair("ALIYUN_REGISTRY_USER", "ALIYUN_REGISTRY_PASSWORD"));
  }

  private boolean isAliyunHost(String registry, Role role) {
    String aliyun = host("ALIYUN_REGISTRY");
    if (!aliyun.isEmpty()) {
      return registry.equalsIgnoreCase(aliyun) || isAlibabaCloud(registry);
    }
    return isAlibabaCloud(registry) || (role == Role.DESTINATION && destinationRegistry.filter(registry::equalsIgnoreCase).isPresent());
  }

  /** ACR's hosts: registry.cn-hangzhou.aliyuncs.com, crpi-….personal.cr.aliyuncs.com, enterprise instances. */
  private static boolean isAlibabaCloud(String registry) {
    String host = TransportPolicy.hostOf(registry.toLowerCase(Locale.ROOT));
    return host.endsWith(".aliyuncs.com");
  }

  /** A variable naming a registry ({@code host[:port]}, perhaps with a namespace after it), normalised. */
  private String host(String variable) {
    return ImageReference.normaliseRegistry(env.getOrDefault(variable, "").trim().replaceAll("/.*$", ""));
  }

  private Optional<RegistryCredential> pair(String userVariable, String passwordVariable) {
    String user = env.getOrDefault(userVariable, "");
    String password = env.getOrDefault(passwordVariable, "");
    return user.isEmpty() || password.isEmpty() ? Optional.empty() : Optional.of(new RegistryCredential(user, password));
  }
}
