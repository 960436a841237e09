package dev.imagesync.config;

import dev.imagesync.registry.RegistryCredential;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code --src-creds} / {@code --dest-creds} values as skopeo takes them, {@code USER:PASSWORD},
 * where the password may be {@code @FILE} or {@code env:NAME} so that it never has to sit in the
 * process list. Messages never repeat what was given.
 */
public final class CredentialFlag {

  private CredentialFlag() {}

  public static RegistryCredential parse(String flag, String value, Map<String, String> env) {
    int colon = value.indexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new InputException(flag + ": expected USER:PASSWORD (PASSWORD may be @FILE or env:NAME)");
    }
    String user = value.substring(0, colon);
    String secret = value.substring(colon + 1);
    if (secret.startsWith("@")) {
      Path file = Path.of(secret.substring(1));
      secret = InputFiles.readText(file).strip();
      if (secret.isEmpty()) {
        throw new InputException(flag + ": the password file " + file + " is empty");
      }
    } else if (secret.startsWith("env:")) {
      String name = secret.substring(4);
      secret = env.getOrDefault(name, "");
      if (secret.isEmpty()) {
        throw new InputException(flag + ": variable " + name + " is not set");
      }
    }
    return new RegistryCredential(user, secret);
  }
}
