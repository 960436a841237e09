package dev.imagesync.registry;

import dev.imagesync.image.ImageReference;
import java.util.Optional;

/** Opens repositories for reading and writing: what copying needs of the registry layer. */
public interface Repositories {

  /** A client for reading {@code repository} (its tag and digest are ignored). */
  RepositoryClient openForPull(ImageReference repository);

  /**
   * A client for writing {@code repository}. When {@code mountSource} is on the same registry,
   * blobs are first offered as cross-repository mounts from it.
   */
  RepositoryClient openForPush(ImageReference repository, Optional<ImageReference> mountSource);
}
