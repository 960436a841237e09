package dev.imagesync.registry;

import dev.imagesync.image.ImageReference;
import java.util.Collection;
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

  /**
   * Gets ready, in the background, to read {@code sources} and write {@code destinations} (one
   * entry per job that will), while the jobs that open them start: see {@link RegistryWarmUp}.
   * Returns at once; never fails.
   */
  default void prepare(Collection<ImageReference> sources, Collection<ImageReference> destinations) {}
}
