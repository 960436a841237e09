package dev.imagesync.registry;

/** A user name and password (or token) for one registry. Its string form never shows the secret. */
public record RegistryCredential(String username, String password) {

  public RegistryCredential {
    dev.imagesync.secrets.Secrets.register(password);
  }

  /**
   * The user name docker's config.json (and Jib, which reads it) gives an {@code identitytoken}:
   * a refresh token, such as {@code az acr login} leaves for Azure ACR, not a password.
   */
  public static final String IDENTITY_TOKEN_USER = "<token>";

  /** Whether this is an identity (refresh) token: it is traded at the token service by OAuth2, never sent as Basic. */
  public boolean isIdentityToken() {
    return IDENTITY_TOKEN_USER.equals(username);
  }

  @Override
  public String toString() {
    return "RegistryCredential[" + username + ", ****]";
  }
}
