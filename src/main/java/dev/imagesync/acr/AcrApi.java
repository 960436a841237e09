package dev.imagesync.acr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagesync.http.Body;
import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.http.Transport;
import dev.imagesync.image.Json;
import dev.imagesync.registry.RegistryException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The two calls imagesync makes to Alibaba Cloud's Container Registry OpenAPI: does a
 * repository exist, and create it. Personal edition: API version 2016-06-07, ROA ({@code GET
 * /repos/NS/NAME}, {@code PUT /repos}); enterprise edition (an instance ID): 2018-12-01, RPC
 * ({@code GetRepository}, {@code CreateRepository}). Every request is signed (V3); every answer
 * that is not a success becomes one line naming what to fix.
 */
final class AcrApi {

  /** How the repository is created: readable by anyone, or only with credentials. */
  enum Visibility { PUBLIC, PRIVATE }

  private static final String PERSONAL = "2016-06-07";
  private static final String ENTERPRISE = "2018-12-01";
  private static final String SUMMARY = "mirrored by imagesync";

  private final Transport http;
  private final URI endpoint;
  private final AcrSigner signer;
  private final Optional<String> instance;
  private final Duration timeout;

  AcrApi(Transport http, URI endpoint, AcrSigner signer, Optional<String> instance, Duration timeout) {
    this.http = http;
    this.endpoint = endpoint;
    this.signer = signer;
    this.instance = instance;
    this.timeout = timeout;
  }

  /** Whether {@code namespace/name} exists. */
  boolean exists(String namespace, String name) {
    Answer a = instance.isPresent()
        ? call("POST", "/", rpc(Map.of("RepoNamespaceName", namespace, "RepoName", name)), "GetRepository", ENTERPRISE, null)
        : call("GET", "/repos/" + namespace + "/" + name, Map.of(), "GetRepo", PERSONAL, null);
    if (a.ok()) {
      return true;
    }
    if (a.code().contains("REPO_NOT_EXIST") || a.code().contains("NotFound.Repo") || a.status() == 404 && !a.code().contains("AccessKey")) {
      return false;
    }
    throw failure("cannot look up " + namespace + "/" + name, a);
  }

  /** Creates {@code namespace/name}; one that exists meanwhile (another run) is no failure. */
  void create(String namespace, String name, Visibility visibility) {
    Answer a;
    if (instance.isPresent()) {
      a = call("POST", "/", rpc(Map.of("RepoNamespaceName", namespace, "RepoName", name, "RepoType", visibility.name(), "Summary", SUMMARY)),
          "CreateRepository", ENTERPRISE, null);
    } else {
      Map<String, Object> repo = new LinkedHashMap<>();
      repo.put("RepoNamespace", namespace);
      repo.put("RepoName", name);
      repo.put("Summary", SUMMARY);
      repo.put("RepoType", visibility.name());
      byte[] body;
      try {
        body = Json.mapper().writeValueAsBytes(Map.of("Repo", repo));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      a = call("PUT", "/repos", Map.of(), "CreateRepo", PERSONAL, body);
    }
    if (a.ok() || (a.code().contains("EXIST") && !a.code().contains("NOT_EXIST"))) {
      return;
    }
    throw failure("cannot create " + namespace + "/" + name, a);
  }

  private Map<String, String> rpc(Map<String, String> params) {
    Map<String, String> all = new LinkedHashMap<>(params);
    all.put("InstanceId", instance.orElseThrow());
    return all;
  }

  /** What the API answered: HTTP status, its error code (empty on success), and its message. */
  private record Answer(int status, boolean ok, String code, String message) {}

  /** Tries of a call that fails in a way that may pass (no answer, 429, 5xx), a second apart, then two. */
  private static final int TRIES = 3;

  private Answer call(String method, String path, Map<String, String> query, String action, String version, byte[] body) {
    for (int attempt = 1; ; attempt++) {
      try {
        Answer a = callOnce(method, path, query, action, version, body);
        if (attempt < TRIES && (a.status() == 429 || a.status() >= 500)) {
          pause(attempt);
          continue;
        }
        return a;
      } catch (RegistryException e) {
        if (attempt >= TRIES || !e.retryable()) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(1000L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(RegistryException.Kind.NETWORK, "interrupted");
    }
  }

  private Answer callOnce(String method, String path, Map<String, String> query, String action, String version, byte[] body) {
    String host = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
    byte[] payload = body == null ? new byte[0] : body;
    String contentType = body == null ? null : "application/json; charset=utf-8";
    Map<String, String> headers = signer.sign(method, host, path, query, action, version, contentType, payload, Instant.now(),
        UUID.randomUUID().toString().replace("-", ""));
    String q = AcrSigner.canonicalQuery(query);
    Request request = Request.of(method, URI.create(endpoint.getScheme() + "://" + host + path + (q.isEmpty() ? "" : "?" + q)))
        .withHeader("Accept", "application/json").withTimeout(timeout);
    for (Map.Entry<String, String> h : headers.entrySet()) {
      request = request.withHeader(h.getKey(), h.getValue());
    }
    if (body != null) {
      request = request.withHeader("Content-Type", contentType).withBody(Body.of(payload));
    }
    try (Response response = http.send(request)) {
      byte[] bytes = response.readAll(1 << 20, "an answer of the Container Registry API");
      JsonNode json;
      try {
        json = Json.mapper().readTree(bytes.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : bytes);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        if (response.status() / 100 == 2) {
          throw e;
        }
        json = Json.mapper().createObjectNode(); // a gateway's error page: its status says enough
      }
      String code = text(json, "Code", "code");
      String message = text(json, "Message", "message");
      boolean success = response.status() / 100 == 2 && !json.path("IsSuccess").isBoolean()
          || json.path("IsSuccess").asBoolean(false);
      return new Answer(response.status(), success, success ? "" : code, message);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new RegistryException(RegistryException.Kind.OTHER, "Aliyun Container Registry API (" + endpoint.getHost() + "): " + action
          + " answered something that is not JSON");
    } catch (IOException e) {
      throw RegistryException.transientFailure(RegistryException.Kind.NETWORK, "Aliyun Container Registry API (" + endpoint.getHost() + "): "
          + action + " failed: " + e.getMessage(), e, null);
    }
  }

  private static String text(JsonNode json, String... names) {
    for (String n : names) {
      if (json.hasNonNull(n)) {
        return json.get(n).asText();
      }
    }
    return "";
  }

  /** One line: what failed, in the API's words, and what to do about it. */
  private RegistryException failure(String what, Answer a) {
    String code = a.code().isEmpty() ? "HTTP " + a.status() : a.code();
    String hint;
    if (code.contains("NAMESPACE") && code.contains("NOT_EXIST") || code.contains("NotFound.Namespace")) {
      hint = "the namespace does not exist: create it in the Container Registry console first";
    } else if (code.contains("QUOTA") || code.contains("Quota") || code.contains("LIMIT") || code.contains("EXCEED")) {
      hint = "the quota of repositories is reached: delete unused ones or raise the quota";
    } else if (code.startsWith("InvalidAccessKeyId") || code.startsWith("SignatureDoesNotMatch") || code.startsWith("IncompleteSignature")
        || code.contains("Forbidden") || code.contains("NoPermission") || code.contains("NoPrivilege") || a.status() == 401 || a.status() == 403) {
      hint = "the access key was refused: check ALIYUN_ACCESS_KEY_ID and ALIYUN_ACCESS_KEY_SECRET (and the RAM policy: cr:GetRepository, cr:CreateRepository)";
    } else if (a.status() >= 500 || a.status() == 429) {
      hint = "the API did not answer properly, three times (try again later)";
    } else {
      hint = "the API refused it";
    }
    return new RegistryException(RegistryException.Kind.OTHER, "Aliyun ACR: " + what + ": " + hint + " (" + code
        + (a.message().isEmpty() ? "" : ": " + a.message()) + ")");
  }
}
