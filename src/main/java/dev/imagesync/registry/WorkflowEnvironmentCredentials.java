package dev.imagesync.registry;

import dev.imagesync.image.ImageReference;
import java.util.Map;
import java.util.Optional;

/**
 * The variables the existing workflows already set: {@code ALIYUN_USERNAME} + {@code
 * ALIYUN_PASSWORD} (or {@code ALIYUN_REGISTRY_USER} + {@code ALIYUN_REGISTRY_PASSWORD}) for the
 * {@code ALIYUN_REGISTRY} host, {@code DOCKERHUB_USERNAME} + {@code DOCKERHUB_TOKEN} for Docker
 * Hub, {@code GITHUB_TOKEN} (user {@code GITHUB_ACTOR}) for ghcr.io.
 */
public final class WorkflowEnvironmentCredentials implements CredentialProvider {

  private final Map<String, String> env;

  public WorkflowEnvironmentCredentials(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Optional<RegistryCredential> credentialFor(ImageReference repository, Role role) {
    String registry = repository.registry();
    String aliyun = ImageReference.normaliseRegistry(env.getOrDefault("ALIYUN_REGISTRY", "").trim().replaceAll("/.*$", ""));
    if (!aliyun.isEmpty() && registry.equalsIgnoreCase(aliyun)) {
      return pair("ALIYUN_USERNAME", "ALIYUN_PASSWORD").or(() -> pair("ALIYUN_REGISTRY_USER", "ALIYUN_REGISTRY_PASSWORD"));
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

  private Optional<RegistryCredential> pair(String userVariable, String passwordVariable) {
    String user = env.getOrDefault(userVariable, "");
    String password = env.getOrDefault(passwordVariable, "");
    return user.isEmpty() || password.isEmpty() ? Optional.empty() : Optional.of(new RegistryCredential(user, password));
  }
}
