package dev.imagesync.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.registry.credentials.DockerConfigCredentialRetriever;
import dev.imagesync.image.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's own login state: {@code $DOCKER_CONFIG/config.json}, else {@code
 * ~/.docker/config.json} — {@code auths}, {@code credsStore} and {@code credHelpers}, read by
 * Jib (which does not look at {@code DOCKER_CONFIG} by itself, so the path is given to it). One
 * lookup per registry per run: credential helpers are processes.
 */
public final class DockerConfigCredentials implements CredentialProvider {

  private static final Logger LOG = LoggerFactory.getLogger(DockerConfigCredentials.class);

  private final Path configFile;
  private final Map<String, Optional<RegistryCredential>> byRegistry = new ConcurrentHashMap<>();

  public DockerConfigCredentials(Map<String, String> env) {
    String dir = env.getOrDefault("DOCKER_CONFIG", "");
    this.configFile = dir.isEmpty()
        ? Path.of(System.getProperty("user.home"), ".docker", "config.json")
        : Path.of(dir, "config.json");
  }

  @Override
  public Optional<RegistryCredential> credentialFor(ImageReference repository, Role role) {
    if (!Files.isRegularFile(configFile)) {
      return Optional.empty();
    }
    return byRegistry.computeIfAbsent(repository.registry(), this::lookUp);
  }

  private Optional<RegistryCredential> lookUp(String registry) {
    try {
      // Jib's retriever for Docker's config alone: its CredentialRetrieverFactory would also load
      // Google's credential library, which a copier does not ship.
      Optional<Credential> found =
          DockerConfigCredentialRetriever.create(registry, configFile).retrieve(e -> LOG.debug("docker config: {}", e.getMessage()));
      // Jib's Credential prints its password in toString(); it is converted at once and never logged.
      return found.map(c -> new RegistryCredential(c.getUsername(), c.getPassword()));
    } catch (Exception e) {
      LOG.warn("cannot read credentials for {} from {}: {}", registry, configFile, e.getClass().getSimpleName());
      return Optional.empty();
    }
  }
}
