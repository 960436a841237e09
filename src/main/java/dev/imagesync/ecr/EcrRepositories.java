package dev.imagesync.ecr;

import dev.imagesync.http.Transport;
import dev.imagesync.image.ImageReference;
import dev.imagesync.registry.EcrHost;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.registry.RepositoryCreation;
import dev.imagesync.secrets.Secrets;
import java.util.Map;
import java.util.Optional;

/**
 * ECR repositories created before the first push into them ({@code --create-repositories}): ECR
 * creates none on push (a push into a missing one is closed unanswered). {@code CreateRepository}
 * with the AWS keys; one that exists already ({@code RepositoryAlreadyExistsException}) is what was
 * wanted. Private, with ECR's defaults, as {@code aws ecr create-repository} makes them.
 */
public final class EcrRepositories implements RepositoryCreation {

  private final EcrApi api;

  public EcrRepositories(Map<String, String> env, Transport http) {
    this.api = new EcrApi(env, http);
  }

  @Override
  public Optional<String> beforeFirstPush(ImageReference repository) {
    Optional<EcrHost> ecr = repository.isLayout() ? Optional.empty() : EcrHost.of(repository.registry());
    if (ecr.isEmpty()) {
      return Optional.empty();
    }
    String name = repository.repository();
    String what = "cannot create ECR repository " + name + " on " + repository.registry();
    EcrApi.Answer answer = api.call(ecr.get(), "CreateRepository", "{\"repositoryName\":" + dev.imagesync.image.Json.quoted(name) + "}", what);
    if (answer.status() == 200) {
      return Optional.of("created ECR repository " + name + " (private)");
    }
    if (answer.is("RepositoryAlreadyExistsException")) {
      return Optional.empty();
    }
    throw new RegistryException(answer.status() == 403 || answer.is("AccessDeniedException") ? RegistryException.Kind.DENIED
        : RegistryException.Kind.OTHER, what + ": HTTP " + answer.status() + " " + Secrets.redact(answer.error()));
  }
}
