package dev.imagesync.registry;

import dev.imagesync.image.ImageReference;
import java.util.List;
import java.util.Optional;

/** Where credentials for a repository come from. */
@FunctionalInterface
public interface CredentialProvider {

  /** Which side of a copy a repository is on: flags like --src-creds apply to one side only. */
  enum Role {
    SOURCE,
    DESTINATION
  }

  /** The credential for {@code repository} (registry and path; tag ignored) in {@code role}. */
  Optional<RegistryCredential> credentialFor(ImageReference repository, Role role);

  static CredentialProvider anonymous() {
    return (repository, role) -> Optional.empty();
  }

  /** The first provider that has a credential wins. */
  static CredentialProvider firstOf(List<CredentialProvider> providers) {
    List<CredentialProvider> chain = List.copyOf(providers);
    return (repository, role) -> {
      for (CredentialProvider p : chain) {
        Optional<RegistryCredential> c = p.credentialFor(repository, role);
        if (c.isPresent()) {
          return c;
        }
      }
      return Optional.empty();
    };
  }
}
