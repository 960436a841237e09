package dev.imagesync.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.http.Transport;
import dev.imagesync.secrets.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fetches bearer tokens from a registry's token service (distribution's token specification):
 * {@code GET realm?service=…&scope=…}, with Basic credentials when there are any; with an
 * identity token from docker's config.json, {@code POST realm} trading it (OAuth2's refresh grant). A fetch that
 * fails in a way that may pass (connection errors, 408, 429, 5xx) is made again under the run's
 * retry policy; a refusal (401, 403) is final.
 */
final class TokenService {

  /** The token specification's default lifetime when the service does not say. */
  private static final long DEFAULT_TOKEN_SECONDS = 60;
  /** Renew this long before expiry, so a request is not sent with a token about to lapse. */
  private static final long RENEW_MARGIN_SECONDS = 10;
  private static final int MAX_TOKEN_RESPONSE = 1 << 20;

  /** A token as an Authorization value, when to fetch a new one, and what it says it grants. */
  record Token(String header, long renewAtNanos, TokenGrant grant) {
    boolean fresh() {
      return System.nanoTime() - renewAtNanos < 0;
    }
  }

  private final Transport transport;
  private final Retrying.Policy retries;

  TokenService(Transport transport, Retrying.Policy retries) {
    this.transport = transport;
    this.retries = retries;
  }

  /** A token for {@code scope} (space-separated scopes ask for several at once: a mount). */
  Token fetch(String registry, Challenge challenge, String scope, Optional<RegistryCredential> credential) {
    boolean refresh = credential.filter(RegistryCredential::isIdentityToken).isPresent();
    URI uri = refresh ? challenge.realm() : tokenUri(challenge, scope);
    Request request = refresh ? refreshTokenRequest(challenge, scope, credential.get()) : Request.of("GET", uri).withHeader("Accept", "application/json");
    if (!refresh && credential.isPresent()) {
      request = request.withHeader("Authorization", RegistryAuth.basic(credential.get()));
    }
    Request ask = request;
    try {
      // Progress is the token service's own: its host, not the registry's.
      return retries.attempt("fetching a token for", registry, Request.authorityOf(uri), () -> fetchOnce(registry, uri, ask, credential, scope));
    } catch (RegistryException e) {
      // Tried as often as the policy allows already: the operation that needed the token is not
      // to try the whole round again (retries times retries).
      throw e.retryable() ? new RegistryException(e.kind(), e.getMessage(), e) : e;
    }
  }

  static URI tokenUri(Challenge challenge, String scope) {
    String realm = challenge.realm().toString();
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
    if (challenge.service() != null) {
      url.append("service=").append(URLEncoder.encode(challenge.service(), StandardCharsets.UTF_8));
    }
    for (String s : scope.split(" ")) {
      if (!s.isBlank()) { // none: a login's check, which docker sends without a scope
        url.append("&scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8));
      }
    }
    return URI.create(url.toString().replace("?&", "?"));
  }

  /**
   * An identity token traded for an access token as docker does it (OAuth2, RFC 6749 6): {@code
   * POST realm} with {@code grant_type=refresh_token}, the service, the scope and the token, as a
   * form. Azure ACR's {@code /oauth2/token} answers {@code access_token}.
   */
  static Request refreshTokenRequest(Challenge challenge, String scope, RegistryCredential identity) {
    StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=imagesync");
    if (challenge.service() != null) {
      form.append("&service=").append(URLEncoder.encode(challenge.service(), StandardCharsets.UTF_8));
    }
    form.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    form.append("&refresh_token=").append(URLEncoder.encode(identity.password(), StandardCharsets.UTF_8));
    return Request.of("POST", challenge.realm()).withHeader("Accept", "application/json")
        .withHeader("Content-Type", "application/x-www-form-urlencoded")
        .withBody(dev.imagesync.http.Body.of(form.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private Token fetchOnce(String registry, URI uri, Request request, Optional<RegistryCredential> credential, String scope) {
    long asked = System.nanoTime();
    Response response;
    try {
      response = transport.send(request);
    } catch (IOException e) {
      // Named by its own host: it is the token service, not the registry, that failed.
      throw RegistryErrors.network(Request.authorityOf(uri), "cannot reach the token service of " + registry + ": ", e);
    }
    int status = response.status();
    if (status == 403 && credential.isPresent()) {
      // The credentials are known, but not allowed what was asked: Google Artifact Registry's
      // token service answers so for a repository that does not exist too ("DENIED: Permission
      // 'artifactregistry.repositories.downloadArtifacts' denied on resource ... (or it may not
      // exist)"). Its words are shown (masked: a token service could echo what it was sent).
      String said = dev.imagesync.secrets.Secrets.redact(ErrorBodies.describe(403, response.text()));
      throw new RegistryException(RegistryException.Kind.DENIED, "the token service of " + registry + " refused " + scope.replace(' ', ',')
          + " (" + said + "): the repository may not exist, or these credentials have no right to it");
    }
    if (status == 401 || status == 403) {
      response.discard();
      throw RegistryAuth.unauthorized(registry, credential);
    }
    if (status == 408 || status == 429 || status >= 500) {
      response.discard();
      throw RegistryException.transientFailure(RegistryException.Kind.UNAUTHORIZED,
          "the token service of " + registry + " answered HTTP " + status, null, RegistryErrors.retryAfter(response).orElse(null));
    }
    if (status != 200) {
      response.discard();
      // The body of a failed token response may echo what was sent; it is never included.
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
          "authentication failed for " + registry + " (token service answered HTTP " + status + ")");
    }
    try {
      JsonNode json = dev.imagesync.image.Json.mapper().readTree(response.readAll(MAX_TOKEN_RESPONSE, "the token response"));
      String token = json.path("token").asText("");
      if (token.isEmpty()) {
        token = json.path("access_token").asText("");
      }
      if (token.isEmpty()) {
        throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
            "authentication failed for " + registry + " (the token service returned no token)");
      }
      Secrets.register(token);
      Secrets.register(json.path("refresh_token").asText(""));
      long lifetime = json.path("expires_in").asLong(DEFAULT_TOKEN_SECONDS);
      long renewIn = Math.max(0, lifetime - Math.min(RENEW_MARGIN_SECONDS, lifetime / 2));
      return new Token("Bearer " + token, asked + renewIn * 1_000_000_000L, TokenGrant.of(token));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
          "authentication failed for " + registry + " (unreadable token response)");
    } catch (IOException e) {
      throw RegistryErrors.network(Request.authorityOf(uri), "reading a token from the token service of " + registry + " failed: ", e);
    }
  }
}
