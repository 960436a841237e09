package dev.imagesync.cli;

import dev.imagesync.acr.AcrRepositories;
import dev.imagesync.config.InputException;
import dev.imagesync.registry.RepositoryCreation;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --acr-create} and {@code --acr-instance}: Aliyun ACR repositories created (public) before the first push. */
final class AcrOptions {

  @Option(names = "--acr-create", paramLabel = "public|private|off",
      description = "create a missing Aliyun ACR repository through the Container Registry API before pushing to it (needs "
          + "ALIYUN_ACCESS_KEY_ID, ALIYUN_ACCESS_KEY_SECRET, ALIYUN_REGION); default: public when those are set, else off")
  String create;

  @Option(names = "--acr-instance", paramLabel = "ID", description = "the ACR enterprise edition instance (cri-...) the repositories are created in")
  String instance;

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
