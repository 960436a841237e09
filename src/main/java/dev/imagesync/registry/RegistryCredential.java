package dev.imagesync.registry;

/** A user name and password (or token) for one registry. Its string form never shows the secret. */
public record RegistryCredential(String username, String password) {

  public RegistryCredential {
    dev.imagesync.secrets.Secrets.register(password);
  }

  @Override
  public String toString() {
    return "RegistryCredential[" + username + ", ****]";
  }
}
