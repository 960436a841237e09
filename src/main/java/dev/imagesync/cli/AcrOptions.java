package dev.imagesync.cli;

import dev.imagesync.acr.AcrRepositories;
import dev.imagesync.config.InputException;
import dev.imagesync.registry.RepositoryCreation;
import dev.imagesync.harbor.HarborProjects;
import dev.imagesync.registry.EcrHost;
import dev.imagesync.registry.RegistrySession;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Destination repositories made before the first push where the registry wants that: {@code
 * --acr-create} and {@code --acr-instance} (Aliyun ACR, created public), {@code
 * --create-repositories} (Amazon ECR, which creates none on push; Harbor, whose projects must exist).
 */
final class AcrOptions {

  @Option(names = "--acr-create", paramLabel = "public|private|off",
      description = "create a missing Aliyun ACR repository through the Container Registry API before pushing to it (needs "
          + "ALIYUN_ACCESS_KEY_ID, ALIYUN_ACCESS_KEY_SECRET, ALIYUN_REGION); default: public when those are set, else off")
  String create;

  @Option(names = "--acr-instance", paramLabel = "ID", description = "the ACR enterprise edition instance (cri-...) the repositories are created in")
  String instance;

  @Option(names = "--create-repositories",
      description = "make what a destination needs before the first push into it: a missing Amazon ECR repository (private; with "
          + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: ECR creates none on push), a missing Harbor project (private; with the "
          + "destination's login). Aliyun ACR's repositories are created by --acr-create")
  boolean createRepositories;

  /**
   * Everything the run makes before a first push, given the run's registry session: ACR's (when
   * {@code acr} is there); with --create-repositories, ECR repositories (ECR hosts), then Harbor
   * projects (any other registry that is a Harbor).
   */
  Function<RegistrySession, RepositoryCreation> creation(Optional<AcrRepositories> acr, RegistryOptions registries) {
    RepositoryCreation aliyun = orNone(acr);
    if (!createRepositories) {
      return session -> aliyun;
    }
    boolean awsKeys = dev.imagesync.ecr.EcrLogins.configured(Main.environment);
    RepositoryCreation ecr = awsKeys ? new dev.imagesync.ecr.EcrRepositories(Main.environment,
        dev.imagesync.http.HttpClientTransport.forFewRequests(registries.proxies(Main.environment))) : repository -> {
          throw new dev.imagesync.registry.RegistryException(dev.imagesync.registry.RegistryException.Kind.OTHER, "--create-repositories: "
              + "ECR repositories are created with the AWS keys: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        };
    return session -> {
      RepositoryCreation harbor = new HarborProjects(session::api);
      return repository -> {
        Optional<String> made = aliyun.beforeFirstPush(repository);
        if (made.isPresent()) {
          return made;
        }
        return !repository.isLayout() && EcrHost.of(repository.registry()).isPresent() ? ecr.beforeFirstPush(repository)
            : harbor.beforeFirstPush(repository);
      };
    };
  }

  /** The creation the run asks for; close it after the run. Empty when none. */
  Optional<AcrRepositories> open(RegistryOptions registries) {
    try {
      return AcrRepositories.from(Main.environment, Optional.ofNullable(create), Optional.ofNullable(instance),
          registries.proxies(Main.environment), registries.timeout());
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
  }

  static RepositoryCreation orNone(Optional<AcrRepositories> acr) {
    return acr.<RepositoryCreation>map(a -> a).orElse(RepositoryCreation.NONE);
  }
}
