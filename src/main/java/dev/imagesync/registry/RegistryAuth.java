package dev.imagesync.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagesync.secrets.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import dev.imagesync.registry.http.Headers;
import dev.imagesync.registry.http.Request;
import dev.imagesync.registry.http.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How requests to one registry, with one credential, are authorized: the answer to the
 * registry's {@code 401} challenge (Basic with the credential, or a Bearer token from the
 * challenge's realm for a scope such as {@code repository:ns/app:pull,push}).
 *
 * <p>What the first challenge taught is remembered for the run: later requests carry the right
 * header from the start (a token per scope, fetched once and renewed shortly before it expires),
 * instead of paying a refused request per repository. Thread-safe.
 */
final class RegistryAuth {

  private static final Pattern PARAM = Pattern.compile("([A-Za-z]+)\\s*=\\s*\"([^\"]*)\"");
  /** The token specification's default lifetime when the service does not say. */
  private static final long DEFAULT_TOKEN_SECONDS = 60;
  /** Renew this long before expiry, so a request is not sent with a token about to lapse. */
  private static final long RENEW_MARGIN_SECONDS = 10;

  private final HttpTransport transport;
  private final String registry;
  private final Optional<RegistryCredential> credential;
  /** "basic" or "bearer" once a challenge was seen; null before. */
  private String scheme;
  private String realm;
  private String service;
  private final Map<String, Token> tokens = new HashMap<>();

  private record Token(String header, long renewAtNanos) {}

  RegistryAuth(HttpTransport transport, String registry, Optional<RegistryCredential> credential) {
    this.transport = transport;
    this.registry = registry;
    this.credential = credential;
  }

  Optional<RegistryCredential> credential() {
    return credential;
  }

  /** The Authorization header to send for {@code scope} before any challenge, if known. */
  synchronized Optional<String> header(String scope) {
    if (scheme == null) {
      return Optional.empty();
    }
    if (scheme.equals("basic")) {
      return credential.map(RegistryAuth::basic);
    }
    Token token = tokens.get(scope);
    if (token != null && System.nanoTime() - token.renewAtNanos < 0) {
      return Optional.of(token.header);
    }
    return Optional.of(fetchToken(scope));
  }

  /**
   * Called after a 401 carrying {@code challenge} (the WWW-Authenticate header) for a request
   * sent with {@code refused} (null: none). Returns the header to retry with.
   */
  synchronized String answer(String scope, String challenge, String refused) {
    if (refused != null) {
      Token token = tokens.get(scope);
      if (token != null && !token.header.equals(refused) && System.nanoTime() - token.renewAtNanos < 0) {
        return token.header; // another thread renewed it meanwhile
      }
    }
    if (challenge == null || challenge.isBlank()) {
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
          "authentication failed for " + registry + " (the registry answered 401 without a challenge)");
    }
    String offered = challenge.trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    if (offered.equals("basic")) {
      if (credential.isEmpty() || (refused != null && refused.startsWith("Basic "))) {
        throw unauthorized();
      }
      scheme = "basic";
      return basic(credential.get());
    }
    if (!offered.equals("bearer")) {
      throw new RegistryException(RegistryException.Kind.UNSUPPORTED,
          "registry " + registry + " asks for unsupported authentication scheme '" + offered + "'");
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    if (params.getOrDefault("realm", "").isEmpty()) {
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
          "authentication failed for " + registry + " (bearer challenge without a realm)");
    }
    scheme = "bearer";
    realm = params.get("realm");
    service = params.get("service");
    return fetchToken(scope);
  }

  private static String basic(RegistryCredential c) {
    return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
  }

  /** A token for {@code scope} (space-separated scopes ask for several at once: a mount). */
  private String fetchToken(String scope) {
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
    if (service != null) {
      url.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
    }
    for (String s : scope.split(" ")) {
      url.append("&scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8));
    }
    URI uri;
    try {
      uri = URI.create(url.toString().replace("?&", "?"));
    } catch (IllegalArgumentException e) {
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
          "authentication failed for " + registry + " (invalid token realm " + realm + ")");
    }
    Headers headers = new Headers().add("User-Agent", RegistrySession.USER_AGENT);
    credential.ifPresent(c -> headers.add("Authorization", basic(c)));
    long asked = System.nanoTime();
    Response response;
    try {
      response = transport.clientFor(uri).send(new Request("GET", uri, headers, null, Duration.ofSeconds(60)));
    } catch (IOException e) {
      throw new RegistryException(RegistryException.Kind.NETWORK,
          "cannot reach the token service of " + registry + ": " + e.getClass().getSimpleName());
    }
    try (InputStream body = response.body()) {
      int status = response.status();
      if (status == 401 || status == 403) {
        throw unauthorized();
      }
      if (status != 200) {
        // The body of a failed token response may echo what was sent; it is never included.
        throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
            "authentication failed for " + registry + " (token service answered HTTP " + status + ")");
      }
      JsonNode json = dev.imagesync.image.Json.mapper().readTree(body);
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
      String header = "Bearer " + token;
      tokens.put(scope, new Token(header, asked + renewIn * 1_000_000_000L));
      return header;
    } catch (IOException e) {
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
          "authentication failed for " + registry + " (unreadable token response)");
    }
  }

  private RegistryException unauthorized() {
    return new RegistryException(RegistryException.Kind.UNAUTHORIZED,
        "authentication failed for " + registry
            + (credential.isPresent() ? " (check the user name and password for " + registry + ")"
                : " (no credentials for " + registry + "; the registry requires them)"));
  }
}
