package dev.imagesync.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagesync.http.Body;
import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.http.Transport;
import dev.imagesync.image.ImageReference;
import dev.imagesync.registry.CredentialProvider;
import dev.imagesync.registry.RegistryCredential;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.secrets.Secrets;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logins to Amazon ECR registries ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com}) from the AWS
 * keys in the environment — {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code
 * AWS_SESSION_TOKEN} when the keys are temporary — as {@code aws ecr get-login-password} gets them:
 * ECR's {@code GetAuthorizationToken} (a SigV4-signed JSON call to {@code api.ecr.REGION}), whose
 * token is {@code base64("AWS:" + password)} and lasts 12 hours. {@code AWS_ENDPOINT_URL_ECR} (or
 * {@code AWS_ENDPOINT_URL}), as the AWS SDKs read them, points the call elsewhere (a VPC endpoint).
 * One call per registry per run.
 */
public final class EcrLogins implements CredentialProvider {

  private static final Pattern ECR_HOST = Pattern.compile("^([0-9]{12})\\.dkr\\.ecr(-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$");
  private static final String TARGET = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";
  private static final int MAX_ANSWER = 1 << 20;

  private final Map<String, String> env;
  private final Transport http;
  private final Map<String, RegistryCredential> byRegistry = new ConcurrentHashMap<>();

  public EcrLogins(Map<String, String> env, Transport http) {
    this.env = env;
    this.http = http;
  }

  /** Whether the AWS keys are in the environment (else this provider has nothing to give). */
  public static boolean configured(Map<String, String> env) {
    return !env.getOrDefault("AWS_ACCESS_KEY_ID", "").isBlank() && !env.getOrDefault("AWS_SECRET_ACCESS_KEY", "").isBlank();
  }

  @Override
  public Optional<RegistryCredential> credentialFor(ImageReference repository, Role role) {
    Matcher m = ECR_HOST.matcher(repository.registry().toLowerCase(java.util.Locale.ROOT));
    if (!m.matches() || !configured(env)) {
      return Optional.empty();
    }
    return Optional.of(byRegistry.computeIfAbsent(repository.registry(), r -> login(r, m.group(3), m.group(4) != null)));
  }

  private RegistryCredential login(String registry, String region, boolean china) {
    String secret = env.get("AWS_SECRET_ACCESS_KEY").strip();
    Secrets.register(secret);
    Optional<String> session = Optional.ofNullable(env.get("AWS_SESSION_TOKEN")).map(String::strip).filter(s -> !s.isEmpty());
    session.ifPresent(Secrets::register);
    URI endpoint = URI.create(endpoint(region, china));
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", TARGET);
    SigV4 signer = new SigV4(env.get("AWS_ACCESS_KEY_ID").strip(), secret, session, region, "ecr");
    Request request = Request.of("POST", endpoint).withBody(Body.of(body));
    for (Map.Entry<String, String> h : headers.entrySet()) {
      request = request.withHeader(h.getKey(), h.getValue());
    }
    for (Map.Entry<String, String> h : signer.sign("POST", endpoint, headers, body, Instant.now()).entrySet()) {
      request = request.withHeader(h.getKey(), h.getValue());
    }
    String where = "cannot get a login for " + registry + " from the AWS keys (ECR GetAuthorizationToken at " + endpoint.getHost() + ")";
    try (Response response = http.send(request)) {
      String text = new String(response.readAll(MAX_ANSWER, "ECR's answer"), StandardCharsets.UTF_8);
      if (response.status() != 200) {
        throw new RegistryException(RegistryException.Kind.UNAUTHORIZED, where + ": HTTP " + response.status() + " " + Secrets.redact(said(text)));
      }
      JsonNode data = dev.imagesync.image.Json.mapper().readTree(text).path("authorizationData").path(0);
      String decoded = new String(Base64.getDecoder().decode(data.path("authorizationToken").asText("")), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new RegistryException(RegistryException.Kind.UNAUTHORIZED, where + ": the answer holds no token");
      }
      return new RegistryCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
    } catch (IOException | IllegalArgumentException e) {
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED, where + ": " + Secrets.redact(String.valueOf(e.getMessage())), e);
    }
  }

  /** {@code AWS_ENDPOINT_URL_ECR}, {@code AWS_ENDPOINT_URL}, else ECR's API in the region. */
  private String endpoint(String region, boolean china) {
    String own = env.getOrDefault("AWS_ENDPOINT_URL_ECR", env.getOrDefault("AWS_ENDPOINT_URL", "")).strip();
    if (!own.isEmpty()) {
      return own.endsWith("/") ? own : own + "/";
    }
    return "https://api.ecr." + region + ".amazonaws.com" + (china ? ".cn" : "") + "/";
  }

  /** AWS's error in words: {"__type": "...", "message": "..."}. */
  private static String said(String text) {
    try {
      JsonNode json = dev.imagesync.image.Json.mapper().readTree(text);
      String type = json.path("__type").asText("");
      String message = json.path("message").asText(json.path("Message").asText(""));
      return (type.isEmpty() ? "" : type.replaceAll(".*#", "") + ": ") + message;
    } catch (IOException e) {
      return "";
    }
  }
}
