package dev.imagesync.registry;

import dev.imagesync.image.ImageReference;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Credentials keyed by {@code host} or {@code host/namespace} (image-syncer's auth.yaml): the
 * longest key that is a prefix of {@code registry/repository}, on a path boundary, wins.
 */
public final class PrefixCredentials implements CredentialProvider {

  /** One key of the file; a credential may be absent when the entry only marks a host insecure. */
  public record Entry(String prefix, Optional<RegistryCredential> credential) {}

  private final List<Entry> entries;

  public PrefixCredentials(List<Entry> entries) {
    this.entries = entries.stream()
        .map(e -> new Entry(normalise(e.prefix()), e.credential()))
        .sorted(Comparator.comparingInt((Entry e) -> e.prefix().length()).reversed())
        .toList();
  }

  @Override
  public Optional<RegistryCredential> credentialFor(ImageReference repository, Role role) {
    String name = (repository.registry() + "/" + repository.repository()).toLowerCase(Locale.ROOT);
    for (Entry e : entries) {
      if (e.credential().isPresent() && (name.equals(e.prefix()) || name.startsWith(e.prefix() + "/"))) {
        return e.credential();
      }
    }
    return Optional.empty();
  }

  private static String normalise(String prefix) {
    String p = prefix.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceAll("/+$", "");
    int slash = p.indexOf('/');
    String host = slash < 0 ? p : p.substring(0, slash);
    return ImageReference.normaliseRegistry(host) + (slash < 0 ? "" : p.substring(slash));
  }
}
