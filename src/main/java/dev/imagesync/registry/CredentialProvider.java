package dev.imagesync.registry;

import java.util.Optional;

/** Where credentials for a registry host come from. */
@FunctionalInterface
public interface CredentialProvider {

  /** The credential for {@code registry} (as written in references, e.g. {@code docker.io}). */
  Optional<RegistryCredential> credentialFor(String registry);

  static CredentialProvider anonymous() {
    return registry -> Optional.empty();
  }
}
