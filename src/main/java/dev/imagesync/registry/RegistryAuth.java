package dev.imagesync.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * How requests to one registry, with one credential, are authorized for the run: the answer to
 * the registry's {@code 401} challenge (Basic with the credential, or a bearer token from the
 * challenge's realm for a scope such as {@code repository:ns/app:pull,push}).
 *
 * <p>What the first challenge taught is remembered: later requests carry the right header from
 * the start (a token per scope, renewed shortly before it expires), instead of paying a refused
 * request per repository. Requests that need a token for the same scope at the same moment wait
 * for one fetch; other scopes are never held up by it. Thread-safe.
 *
 * <p>Credentials never travel in clear to a token service: a realm on {@code http://} for a
 * registry spoken to over TLS is refused, unless the registry was named insecure.
 */
final class RegistryAuth {

  private final String registry;
  private final Optional<RegistryCredential> credential;
  private final TokenService tokens;
  private final BooleanSupplier registryOverTls;
  private final boolean insecure;
  /** What the registry asked for; null before its first challenge. */
  private volatile Challenge challenge;
  private final ConcurrentHashMap<String, CompletableFuture<TokenService.Token>> byScope = new ConcurrentHashMap<>();

  RegistryAuth(String registry, Optional<RegistryCredential> credential, TokenService tokens, BooleanSupplier registryOverTls,
      boolean insecure) {
    this.registry = registry;
    this.credential = credential;
    this.tokens = tokens;
    this.registryOverTls = registryOverTls;
    this.insecure = insecure;
  }

  Optional<RegistryCredential> credential() {
    return credential;
  }

  /** The Authorization header to send for {@code scope} before any challenge, if known. */
  Optional<String> header(String scope) {
    Challenge c = challenge;
    if (c == null) {
      return Optional.empty();
    }
    if (c.isBasic()) {
      return credential.map(RegistryAuth::basic);
    }
    return Optional.of(token(c, scope, null));
  }

  /**
   * Called after a 401 carrying {@code wwwAuthenticate} for a request sent with {@code refused}
   * (null: none). Returns the header to send the request again with.
   */
  String answer(String scope, String wwwAuthenticate, String refused) {
    Challenge c = Challenge.parse(registry, wwwAuthenticate);
    if (c.isBasic()) {
      if (credential.isEmpty() || (refused != null && refused.startsWith("Basic "))) {
        throw unauthorized(registry, credential);
      }
      challenge = c;
      return basic(credential.get());
    }
    if ("http".equalsIgnoreCase(c.realm().getScheme()) && credential.isPresent() && registryOverTls.getAsBoolean() && !insecure) {
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED, "authentication failed for " + registry
          + ": its token service " + c.realm().getHost() + " is on plain http://, and credentials are not sent in clear"
          + " (pass --insecure-registry " + registry + " if that is intended)");
    }
    challenge = c;
    return token(c, scope, refused);
  }

  /** A fresh token for {@code scope}, not {@code refused}; one fetch at a time per scope. */
  private String token(Challenge c, String scope, String refused) {
    while (true) {
      CompletableFuture<TokenService.Token> current = byScope.get(scope);
      if (current != null) {
        TokenService.Token known;
        try {
          known = current.join(); // waits for a fetch in flight
        } catch (CompletionException e) {
          // The fetch this request waited for failed, after its retries: so does this request.
          throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (known != null && known.fresh() && !known.header().equals(refused)) {
          return known.header();
        }
      }
      CompletableFuture<TokenService.Token> mine = new CompletableFuture<>();
      boolean won = current == null ? byScope.putIfAbsent(scope, mine) == null : byScope.replace(scope, current, mine);
      if (!won) {
        continue; // another thread started a fetch meanwhile: wait for that one
      }
      try {
        TokenService.Token fetched = tokens.fetch(registry, c, scope, credential);
        mine.complete(fetched);
        return fetched.header();
      } catch (RuntimeException e) {
        byScope.remove(scope, mine);
        mine.completeExceptionally(e);
        throw e;
      }
    }
  }

  static String basic(RegistryCredential c) {
    return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
  }

  static RegistryException unauthorized(String registry, Optional<RegistryCredential> credential) {
    return new RegistryException(RegistryException.Kind.UNAUTHORIZED,
        "authentication failed for " + registry
            + (credential.isPresent() ? " (check the user name and password for " + registry + ")"
                : " (no credentials for " + registry + "; the registry requires them)"));
  }
}
