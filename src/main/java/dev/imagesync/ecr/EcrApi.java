package dev.imagesync.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagesync.http.Body;
import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.http.Transport;
import dev.imagesync.registry.EcrHost;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.secrets.Secrets;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Amazon ECR's API (docs.aws.amazon.com/AmazonECR/latest/APIReference/): JSON 1.1 calls named by
 * {@code X-Amz-Target}, POSTed to {@code api.ecr.REGION.amazonaws.com} and signed with SigV4 from
 * the AWS keys in the environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}); {@code AWS_ENDPOINT_URL_ECR} (or {@code AWS_ENDPOINT_URL}), as the AWS
 * SDKs read them, points the calls elsewhere (a VPC endpoint).
 */
final class EcrApi {

  private static final String PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
  private static final int MAX_ANSWER = 1 << 20;

  /** What a call answered: its status and JSON (or the error AWS named: {@code __type} and message). */
  record Answer(int status, JsonNode json) {
    String error() {
      String type = json.path("__type").asText("");
      String message = json.path("message").asText(json.path("Message").asText(""));
      return (type.isEmpty() ? "" : type.replaceAll(".*#", "") + ": ") + message;
    }

    boolean is(String errorType) {
      return json.path("__type").asText("").replaceAll(".*#", "").equals(errorType);
    }
  }

  private final Map<String, String> env;
  private final Transport http;

  EcrApi(Map<String, String> env, Transport http) {
    this.env = env;
    this.http = http;
  }

  /** Whether the AWS keys are in the environment. */
  static boolean configured(Map<String, String> env) {
    return !env.getOrDefault("AWS_ACCESS_KEY_ID", "").isBlank() && !env.getOrDefault("AWS_SECRET_ACCESS_KEY", "").isBlank();
  }

  /** Calls {@code action} in the registry's region with {@code json}; {@code what} words a failure to reach it. */
  Answer call(EcrHost registry, String action, String json, String what) {
    String region = registry.region();
    URI endpoint = URI.create(endpoint(region, registry.china()));
    String secret = env.get("AWS_SECRET_ACCESS_KEY").strip();
    Secrets.register(secret);
    Optional<String> session = Optional.ofNullable(env.get("AWS_SESSION_TOKEN")).map(String::strip).filter(s -> !s.isEmpty());
    session.ifPresent(Secrets::register);
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", PREFIX + action);
    Request request = Request.of("POST", endpoint).withBody(Body.of(body));
    for (Map.Entry<String, String> h : headers.entrySet()) {
      request = request.withHeader(h.getKey(), h.getValue());
    }
    SigV4 signer = new SigV4(env.get("AWS_ACCESS_KEY_ID").strip(), secret, session, region, "ecr");
    for (Map.Entry<String, String> h : signer.sign("POST", endpoint, headers, body, Instant.now()).entrySet()) {
      request = request.withHeader(h.getKey(), h.getValue());
    }
    try (Response response = http.send(request)) {
      byte[] answer = response.readAll(MAX_ANSWER, "ECR's answer");
      JsonNode parsed = answer.length == 0 ? dev.imagesync.image.Json.mapper().createObjectNode() : dev.imagesync.image.Json.mapper().readTree(answer);
      return new Answer(response.status(), parsed);
    } catch (IOException e) {
      throw new RegistryException(RegistryException.Kind.NETWORK, what + " (ECR " + action + " at " + endpoint.getHost() + "): "
          + Secrets.redact(String.valueOf(e.getMessage())), e);
    }
  }

  private String endpoint(String region, boolean china) {
    String own = env.getOrDefault("AWS_ENDPOINT_URL_ECR", env.getOrDefault("AWS_ENDPOINT_URL", "")).strip();
    if (!own.isEmpty()) {
      return own.endsWith("/") ? own : own + "/";
    }
    return "https://api.ecr." + region + ".amazonaws.com" + (china ? ".cn" : "") + "/";
  }
}
