package dev.imagesync.cli;

import dev.imagesync.config.InputException;
import dev.imagesync.image.ImageReference;
import dev.imagesync.registry.RegistrySession;
import java.util.Optional;

/**
 * What the everyday commands (ls, inspect, tag) share: a reference read from the command line
 * (bad input is exit 2, naming the argument) and a registry session with the run's credentials,
 * proxies and certificates, as sync and copy have it.
 */
final class RegistryAccess {

  private RegistryAccess() {}

  static ImageReference reference(String text, String what) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InputException(what + ": " + e.getMessage());
    }
  }

  /** {@code writing}: the registry the command writes to (its credentials are a destination's), if it writes. */
  static RegistrySession session(RegistryOptions registries, CredentialOptions credentials, Optional<String> writing) {
    var proxies = registries.proxies(Main.environment);
    return registries.session(credentials.resolve(Main.environment, writing, proxies), 4, proxies);
  }
}
