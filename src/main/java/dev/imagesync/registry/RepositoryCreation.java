package dev.imagesync.registry;

import dev.imagesync.image.ImageReference;
import java.util.Optional;

/**
 * Makes a destination repository exist as the user wants it before anything is pushed into it,
 * for registries whose repositories are created through an API of their own (Aliyun ACR: a push
 * creates a private one; a mirror wants it public).
 */
@FunctionalInterface
public interface RepositoryCreation {

  /**
   * Called once per destination repository per run, before its first write. Returns a line for
   * the output when it did something; throws {@link RegistryException} (one line) when the
   * repository cannot be made ready, which fails that entry only.
   */
  Optional<String> beforeFirstPush(ImageReference repository);

  RepositoryCreation NONE = repository -> Optional.empty();
}
