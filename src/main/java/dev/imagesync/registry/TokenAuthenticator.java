package dev.imagesync.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.http.Authorization;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import com.google.cloud.tools.jib.http.ResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a registry's {@code 401} challenge for our raw manifest requests: Basic with the
 * credential, or Bearer by fetching a token for one repository scope from the challenge's realm.
 *
 * <p>Jib's own authenticator cannot be built from outside its package, so the raw requests that
 * Jib cannot make for us (byte-exact manifests) carry an {@link Authorization} obtained here.
 * Thread-safe; the current authorization is cached until the registry refuses it.
 */
final class TokenAuthenticator {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAM = Pattern.compile("([A-Za-z]+)\\s*=\\s*\"([^\"]*)\"");

  private final FailoverHttpClient http;
  private final String registry;
  private final Optional<RegistryCredential> credential;
  private final String scope;
  private final String userAgent;
  private Authorization current;

  TokenAuthenticator(
      FailoverHttpClient http, String registry, Optional<RegistryCredential> credential, String scope,
      String userAgent) {
    this.http = http;
    this.registry = registry;
    this.credential = credential;
    this.scope = scope;
    this.userAgent = userAgent;
  }

  synchronized Authorization current() {
    return current;
  }

  /**
   * Called after a 401 carrying {@code challenge} (the WWW-Authenticate header) for a request that
   * was sent with {@code refused}. Returns the authorization to retry with.
   */
  synchronized Authorization answer(String challenge, Authorization refused) {
    if (current != null && current != refused) {
      return current; // another thread already renewed it
    }
    if (challenge == null || challenge.isBlank()) {
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
          "authentication failed for " + registry + " (the registry answered 401 without a challenge)");
    }
    String scheme = challenge.trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    if (scheme.equals("basic")) {
      if (credential.isEmpty() || refused != null) {
        throw unauthorized();
      }
      current = Authorization.fromBasicCredentials(credential.get().username(), credential.get().password());
      return current;
    }
    if (!scheme.equals("bearer")) {
      throw new RegistryException(RegistryException.Kind.UNSUPPORTED,
          "registry " + registry + " asks for unsupported authentication scheme '" + scheme + "'");
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null || realm.isEmpty()) {
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
          "authentication failed for " + registry + " (bearer challenge without a realm)");
    }
    current = Authorization.fromBearerToken(fetchToken(realm, params.get("service")));
    return current;
  }

  private String fetchToken(String realm, String service) {
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
    if (service != null) {
      url.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8)).append('&');
    }
    url.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    Request.Builder request = Request.builder().setUserAgent(userAgent).setHttpTimeout(30_000);
    credential.ifPresent(c -> request.setAuthorization(Authorization.fromBasicCredentials(c.username(), c.password())));
    try (Response response = http.get(new URL(url.toString()), request.build());
        InputStream body = response.getBody()) {
      JsonNode json = JSON.readTree(body);
      String token = json.path("token").asText("");
      if (token.isEmpty()) {
        token = json.path("access_token").asText("");
      }
      if (token.isEmpty()) {
        throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
            "authentication failed for " + registry + " (the token service returned no token)");
      }
      dev.imagesync.secrets.Secrets.register(token);
      dev.imagesync.secrets.Secrets.register(json.path("refresh_token").asText(""));
      return token;
    } catch (ResponseException e) {
      if (e.getStatusCode() == 401 || e.getStatusCode() == 403) {
        throw unauthorized();
      }
      // The body of a failed token response may echo what was sent; it is never included.
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
          "authentication failed for " + registry + " (token service answered HTTP " + e.getStatusCode() + ")");
    } catch (IOException e) {
      throw new RegistryException(RegistryException.Kind.NETWORK,
          "cannot reach the token service of " + registry + ": " + e.getClass().getSimpleName());
    }
  }

  private RegistryException unauthorized() {
    return new RegistryException(RegistryException.Kind.UNAUTHORIZED,
        "authentication failed for " + registry
            + (credential.isPresent() ? " (check the user name and password for " + registry + ")"
                : " (no credentials for " + registry + "; the registry requires them)"));
  }
}
