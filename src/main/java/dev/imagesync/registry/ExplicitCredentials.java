package dev.imagesync.registry;

import dev.imagesync.image.ImageReference;
import java.util.Optional;

/** {@code --src-creds} and {@code --dest-creds}: one credential for each side of the copy. */
public final class ExplicitCredentials implements CredentialProvider {

  private final Optional<RegistryCredential> source;
  private final Optional<RegistryCredential> destination;

  public ExplicitCredentials(Optional<RegistryCredential> source, Optional<RegistryCredential> destination) {
    this.source = source;
    this.destination = destination;
  }

  @Override
  public Optional<RegistryCredential> credentialFor(ImageReference repository, Role role) {
    return role == Role.SOURCE ? source : destination;
  }
}
