package dev.imagesync.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
  /** A request in flight that will tell the challenge ({@link RegistryWarmUp}); null when none. */
  private volatile CompletableFuture<Void> learning;
  private final ConcurrentHashMap<String, CompletableFuture<TokenService.Token>> byScope = new ConcurrentHashMap<>();
  /** Per scope, what the last token fetched for it grants (kept while a newer one is in flight). */
  private final ConcurrentHashMap<String, TokenGrant> grants = new ConcurrentHashMap<>();
  /** Scopes per token request ahead of need: a URL of a few kilobytes at most. */
  private static final int SCOPES_PER_FETCH = 10;

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
    if (inClearWithCredentials(c)) {
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED, "authentication failed for " + registry
          + ": its token service " + c.realm().getHost() + " is on plain http://, and credentials are not sent in clear"
          + " (pass --insecure-registry " + registry + " if that is intended)");
    }
    challenge = c;
    CompletableFuture<Void> warming = learning;
    if (refused == null && warming != null) {
      // The warm-up met the same challenge at the same moment and is about to fetch tokens for
      // the run's scopes, this one's among them: one fetch for all instead of one more.
      warming.join(); // completes normally, whatever the warm-up found
    }
    return token(c, scope, refused);
  }

  /**
   * Gets ready ahead of need: {@code ask} sends a request without credentials ({@code GET /v2/})
   * and returns the registry's {@code WWW-Authenticate}, if any; the challenge it names is
   * learned as a 401 teaches it, and tokens for {@code scopes} are fetched (see {@link
   * #reserve}). Requests sent meanwhile go as they would (a registry that asks for nothing is not
   * waited for); one answered with the same challenge waits for these tokens instead of fetching
   * its own. Never throws: what goes wrong here goes wrong again, and is reported, where a
   * request needs it.
   */
  void warmUp(Supplier<Optional<String>> ask, List<String> scopes) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (challenge == null) {
      learning = done;
    }
    List<Reserved> reserved = List.of();
    try {
      ask.get().ifPresent(this::learn);
      reserved = reserve(scopes);
    } catch (RuntimeException e) {
      // the first request that meets the same trouble reports it
    } finally {
      done.complete(null);
      learning = null;
    }
    reserved.forEach(this::fetch);
  }

  /** Learns {@code wwwAuthenticate}'s challenge; anything unusable is left for a request's own 401. */
  private void learn(String wwwAuthenticate) {
    try {
      Challenge c = Challenge.parse(registry, wwwAuthenticate);
      if (c.isBasic() ? credential.isPresent() : !inClearWithCredentials(c)) {
        challenge = c;
      }
    } catch (RegistryException e) {
      // no challenge, or one we do not speak: the first request that meets it reports it
    }
  }

  /** Scopes whose requests wait for one token fetch made ahead of need. */
  private record Reserved(Challenge challenge, List<String> scopes, CompletableFuture<TokenService.Token> fetch) {}

  /**
   * Claims {@code scopes} (those without a token yet) for fetches ahead of need, several scopes
   * per request as the token specification allows; requests in them wait for those fetches.
   */
  private List<Reserved> reserve(List<String> scopes) {
    Challenge c = challenge;
    List<Reserved> reserved = new ArrayList<>();
    if (c == null || c.isBasic()) {
      return reserved;
    }
    for (int from = 0; from < scopes.size(); from += SCOPES_PER_FETCH) {
      CompletableFuture<TokenService.Token> fetch = new CompletableFuture<>();
      List<String> mine = new ArrayList<>();
      for (String scope : scopes.subList(from, Math.min(scopes.size(), from + SCOPES_PER_FETCH))) {
        if (byScope.putIfAbsent(scope, fetch) == null) {
          mine.add(scope);
        }
      }
      if (!mine.isEmpty()) {
        reserved.add(new Reserved(c, mine, fetch));
      }
    }
    return reserved;
  }

  /**
   * One token for several scopes. A fetch that fails costs nothing more (those waiting fetch their
   * own), and a service that grants less than asked only means a 401 later, answered as always.
   */
  private void fetch(Reserved r) {
    try {
      TokenService.Token token = tokens.fetch(registry, r.challenge(), String.join(" ", r.scopes()), credential);
      r.scopes().forEach(scope -> grants.put(scope, token.grant()));
      r.fetch().complete(token);
    } catch (RuntimeException e) {
      r.scopes().forEach(scope -> byScope.remove(scope, r.fetch()));
      r.fetch().complete(null);
    }
  }

  private boolean inClearWithCredentials(Challenge c) {
    return "http".equalsIgnoreCase(c.realm().getScheme()) && credential.isPresent() && registryOverTls.getAsBoolean() && !insecure;
  }

  /** A fresh token for {@code scope}, not {@code refused}; one fetch at a time per scope. */
  private String token(Challenge c, String scope, String refused) {
    if (refused == null && scope.contains(" ")) {
      Optional<String> known = covering(scope);
      if (known.isPresent()) {
        return known.get();
      }
    }
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
        grants.put(scope, fetched.grant());
        mine.complete(fetched);
        return fetched.header();
      } catch (RuntimeException e) {
        byScope.remove(scope, mine);
        mine.completeExceptionally(e);
        throw e;
      }
    }
  }

  /**
   * A token fetched ahead of need for several scopes at once that holds every part of {@code
   * compound} — a mount's push on one repository and pull on another, both of the run — if one
   * is known and fresh; pull is part of pull,push. Should the service have granted less than
   * asked, the registry's 401 brings a fetch of this scope's own.
   */
  private Optional<String> covering(String compound) {
    CompletableFuture<TokenService.Token> common = null;
    for (String part : compound.split(" ")) {
      CompletableFuture<TokenService.Token> f = byScope.get(part);
      if (f == null && part.endsWith(":pull")) {
        f = byScope.get(part + ",push");
      }
      if (f == null || (common != null && f != common)) {
        return Optional.empty();
      }
      common = f;
    }
    TokenService.Token token = common == null || !common.isDone() || common.isCompletedExceptionally() ? null : common.join();
    return token != null && token.fresh() ? Optional.of(token.header()) : Optional.empty();
  }

  /**
   * What the token last fetched for {@code scope} grants, when one was: its token service accepted
   * the login. Empty under Basic auth or before any token.
   */
  Optional<TokenGrant> granted(String scope) {
    return Optional.ofNullable(grants.get(scope));
  }

  static String basic(RegistryCredential c) {
    return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
  }

  static RegistryException unauthorized(String registry, Optional<RegistryCredential> credential) {
    return new RegistryException(RegistryException.Kind.UNAUTHORIZED,
        "authentication failed for " + registry
            + (credential.filter(RegistryCredential::isIdentityToken).isPresent()
                ? " (the identity token docker's config.json holds for it was refused: it expired or was revoked; log in again, e.g."
                    + " az acr login)"
                : credential.isPresent() ? " (check the user name and password for " + registry + ")"
                : " (no credentials for " + registry + "; the registry requires them)"));
  }
}
