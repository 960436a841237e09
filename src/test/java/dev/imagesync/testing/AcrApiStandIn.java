package dev.imagesync.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stands in for Alibaba Cloud's Container Registry OpenAPI, which cannot be reached from here:
 * checks each request's V3 signature ({@code ACS3-HMAC-SHA256}, computed here on its own from
 * Aliyun's documented steps) with a test key, records the calls, and answers as the API
 * documents: the personal edition's {@code GetRepo}/{@code CreateRepo} (ROA, 2016-06-07) and the
 * enterprise edition's {@code GetRepository}/{@code CreateRepository} (RPC, 2018-12-01), with
 * their error codes for a missing namespace, a full quota, an unknown key, a wrong signature.
 */
public final class AcrApiStandIn implements AutoCloseable {

  public static final String KEY_ID = "LTAI5tStandInKeyId";
  public static final String KEY_SECRET = "StandIn-Secret-9Kq2Zr";

  /** A call the API accepted as signed: its action, repository and, for a creation, its type. */
  public record Call(String action, String namespace, String name, String type, String instance) {}

  private final StubHttpServer server;
  private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
  private final Map<String, String> repositories = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<String> refused = new CopyOnWriteArrayList<>();
  private volatile int quota = Integer.MAX_VALUE;
  private volatile Consumer<Call> beforeCreate = c -> {};

  public AcrApiStandIn() throws IOException {
    server = new StubHttpServer(InetAddress.getLoopbackAddress(), this::answer);
  }

  public String endpoint() {
    return "http://" + server.address();
  }

  public AcrApiStandIn namespace(String ns) {
    namespaces.add(ns);
    return this;
  }

  public AcrApiStandIn existing(String ns, String name, String type) {
    repositories.put(ns + "/" + name, type);
    return this;
  }

  public AcrApiStandIn quota(int repositoriesAllowed) {
    this.quota = repositoriesAllowed;
    return this;
  }

  /** Runs before a repository is created (to check, at that moment, that nothing was pushed yet). */
  public void beforeCreate(Consumer<Call> hook) {
    this.beforeCreate = hook;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Why requests were refused before reaching an action (bad key, bad signature). */
  public List<String> refused() {
    return List.copyOf(refused);
  }

  public Map<String, String> repositories() {
    return Map.copyOf(repositories);
  }

  private StubHttpServer.Reply answer(StubHttpServer.Received r) {
    String path = r.path();
    String rawQuery = "";
    int q = path.indexOf('?');
    if (q >= 0) {
      rawQuery = path.substring(q + 1);
      path = path.substring(0, q);
    }
    Map<String, String> query = new TreeMap<>();
    for (String pair : rawQuery.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    String auth = r.headers().getOrDefault("authorization", "");
    String keyId = part(auth, "Credential=");
    if (!KEY_ID.equals(keyId)) {
      refused.add("InvalidAccessKeyId.NotFound");
      return json(404, "{\"Code\":\"InvalidAccessKeyId.NotFound\",\"Message\":\"Specified access key is not found.\",\"RequestId\":\"r-1\"}");
    }
    String problem = signatureProblem(r, path, query, auth);
    if (problem != null) {
      refused.add("SignatureDoesNotMatch: " + problem);
      return json(400, "{\"Code\":\"SignatureDoesNotMatch\",\"Message\":\"Specified signature is not matched with our calculation.\",\"RequestId\":\"r-2\"}");
    }
    String action = r.headers().getOrDefault("x-acs-action", "");
    String version = r.headers().getOrDefault("x-acs-version", "");
    return switch (action + "@" + version) {
      case "GetRepo@2016-06-07" -> {
        String[] p = path.split("/"); // /repos/NS/NAME
        calls.add(new Call(action, p[2], p[3], null, null));
        yield repositories.containsKey(p[2] + "/" + p[3])
            ? json(200, "{\"data\":{\"repo\":{\"repoNamespace\":\"" + p[2] + "\",\"repoName\":\"" + p[3] + "\",\"repoType\":\""
                + repositories.get(p[2] + "/" + p[3]) + "\"}}}")
            : json(404, "{\"code\":\"REPO_NOT_EXIST\",\"message\":\"repo not exist\",\"requestId\":\"r-3\"}");
      }
      case "CreateRepo@2016-06-07" -> {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        Call call = new Call(action, field(body, "RepoNamespace"), field(body, "RepoName"), field(body, "RepoType"), null);
        yield create(call, false);
      }
      case "GetRepository@2018-12-01" -> {
        Call call = new Call(action, query.get("RepoNamespaceName"), query.get("RepoName"), null, query.get("InstanceId"));
        calls.add(call);
        yield repositories.containsKey(call.namespace() + "/" + call.name())
            ? json(200, "{\"Code\":\"success\",\"IsSuccess\":true,\"RepoName\":\"" + call.name() + "\",\"RequestId\":\"r-4\"}")
            : json(200, "{\"Code\":\"REPO_NOT_EXIST\",\"IsSuccess\":false,\"RequestId\":\"r-5\"}");
      }
      case "CreateRepository@2018-12-01" -> create(new Call(action, query.get("RepoNamespaceName"), query.get("RepoName"), query.get("RepoType"),
          query.get("InstanceId")), true);
      default -> json(400, "{\"Code\":\"InvalidAction.NotFound\",\"Message\":\"Specified api is not found: " + action + "\"}");
    };
  }

  private StubHttpServer.Reply create(Call call, boolean enterprise) {
    calls.add(call);
    String key = call.namespace() + "/" + call.name();
    if (!namespaces.contains(call.namespace())) {
      return enterprise ? json(200, "{\"Code\":\"NAMESPACE_NOT_EXIST\",\"IsSuccess\":false,\"RequestId\":\"r-6\"}")
          : json(404, "{\"code\":\"NAMESPACE_NOT_EXIST\",\"message\":\"namespace not exist\",\"requestId\":\"r-6\"}");
    }
    if (repositories.containsKey(key)) {
      return enterprise ? json(200, "{\"Code\":\"REPO_EXIST\",\"IsSuccess\":false}") : json(400, "{\"code\":\"REPO_IS_EXIST\",\"message\":\"repo is exist\"}");
    }
    if (repositories.size() >= quota) {
      return enterprise ? json(200, "{\"Code\":\"REPO_QUOTA_EXCEED\",\"IsSuccess\":false}")
          : json(400, "{\"code\":\"REPO_QUOTA_EXCEED\",\"message\":\"repo quota exceed\",\"requestId\":\"r-7\"}");
    }
    beforeCreate.accept(call);
    repositories.put(key, call.type());
    return enterprise ? json(200, "{\"Code\":\"success\",\"IsSuccess\":true,\"RepoId\":\"crr-1\",\"RequestId\":\"r-8\"}")
        : json(200, "{\"data\":{\"repoId\":1001},\"requestId\":\"r-8\"}");
  }

  /** Null when the request's signature is what the documented steps give with the test key; else what differs. */
  private static String signatureProblem(StubHttpServer.Received r, String path, Map<String, String> query, String auth) {
    if (!auth.startsWith("ACS3-HMAC-SHA256 ")) {
      return "algorithm";
    }
    String signedHeaders = part(auth, "SignedHeaders=");
    String signature = part(auth, "Signature=");
    for (String required : List.of("host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version")) {
      if (!List.of(signedHeaders.split(";")).contains(required)) {
        return required + " not signed";
      }
    }
    String payloadHash = HexFormat.of().formatHex(sha256(r.body()));
    if (!payloadHash.equals(r.headers().get("x-acs-content-sha256"))) {
      return "x-acs-content-sha256 is not the body's";
    }
    Instant date = Instant.parse(r.headers().get("x-acs-date"));
    if (Duration.between(date, Instant.now()).abs().toMinutes() > 15) {
      return "x-acs-date too far from now";
    }
    StringBuilder canonical = new StringBuilder(r.method()).append('\n').append(path).append('\n');
    StringBuilder qs = new StringBuilder();
    query.forEach((k, v) -> qs.append(qs.length() == 0 ? "" : "&").append(encode(k)).append('=').append(encode(v)));
    canonical.append(qs).append('\n');
    for (String h : signedHeaders.split(";")) {
      canonical.append(h).append(':').append(r.headers().getOrDefault(h, "").trim()).append('\n');
    }
    canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);
    String stringToSign = "ACS3-HMAC-SHA256\n" + HexFormat.of().formatHex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String expected = HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
      return expected.equals(signature) ? null : "signature";
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String part(String auth, String name) {
    int i = auth.indexOf(name);
    if (i < 0) {
      return "";
    }
    int end = auth.indexOf(',', i);
    return auth.substring(i + name.length(), end < 0 ? auth.length() : end).trim();
  }

  private static String field(String json, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    return m.find() ? m.group(1) : null;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static StubHttpServer.Reply json(int status, String body) {
    return new StubHttpServer.Reply(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
