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

  /**
   * Whether {@code registry} counts pulls against a limit (Docker Hub, or any registry that
   * announced one in its {@code ratelimit-*} headers this run): there a pull is worth not spending
   * for a destination that will refuse the push.
   */
  default boolean countsPulls(String registry) {
    return false;
  }

  /**
   * The repositories of {@code registry} whose names start with {@code prefix} (its catalog, every
   * page), read with the credentials a source there would get. Throws a {@link RegistryException}
   * saying so when the registry has no catalog for us.
   */
  default java.util.List<String> catalog(String registry, String prefix) {
    throw new RegistryException(RegistryException.Kind.OTHER, registry + ": listing repositories is not supported here");
  }
}
