package dev.imagesync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The registry API spoken directly with the JDK's HTTP client: how tests put images into a source
 * registry and read back what arrived, independently of imagesync's own client.
 */
public final class RawRegistry {

  private final String address;
  private final String scheme;
  private final String authorization;
  private final java.util.Map<String, String> bearerByChallenge = new java.util.concurrent.ConcurrentHashMap<>();
  private final HttpClient http;

  public RawRegistry(TestRegistry registry) {
    this(registry.address());
  }

  public RawRegistry(String address) {
    this(address, null, null);
  }

  /** A client that sends basic auth with every request. */
  public RawRegistry(String address, String user, String password) {
    this(address, user, password, false);
  }

  /** Over HTTPS without checking the certificate (tests that set up untrusted TLS on purpose). */
  public static RawRegistry overTls(String address) {
    return new RawRegistry(address, null, null, true);
  }

  /** The same, with basic auth. */
  public static RawRegistry overTls(String address, String user, String password) {
    return new RawRegistry(address, user, password, true);
  }

  private RawRegistry(String address, String user, String password, boolean tls) {
    this.address = address;
    this.scheme = tls ? "https" : "http";
    this.http = tls ? HttpClient.newBuilder().sslContext(trustAll()).build() : HttpClient.newHttpClient();
    this.authorization = user == null ? null
        : "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    return authorization == null ? b : b.header("Authorization", authorization);
  }

  public String address() {
    return address;
  }

  public static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Uploads a blob (POST then monolithic PUT) and returns its digest. */
  public String pushBlob(String repo, byte[] bytes) {
    String digest = sha256(bytes);
    pushBlob(repo, digest, bytes.length, () -> new java.io.ByteArrayInputStream(bytes));
    return digest;
  }

  /** Uploads a blob streamed from {@code content} (for blobs too large to hold). */
  public void pushBlob(String repo, String digest, long size, Supplier<InputStream> content) {
    HttpResponse<String> start = send(request(uri("/v2/" + repo + "/blobs/uploads/"))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    expect(start, 202, "start upload");
    String location = start.headers().firstValue("Location").orElseThrow();
    URI put = URI.create(location.startsWith("http") ? location : scheme + "://" + address + location);
    String sep = put.toString().contains("?") ? "&" : "?";
    HttpResponse<String> done = send(request(URI.create(put + sep + "digest=" + digest))
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(content), size))
        .build());
    expect(done, 201, "finish upload of " + digest);
  }

  /** PUTs manifest bytes as they are; returns their digest. */
  public String pushManifest(String repo, String reference, String mediaType, byte[] bytes) {
    HttpResponse<String> r = send(request(uri("/v2/" + repo + "/manifests/" + reference))
        .header("Content-Type", mediaType)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    expect(r, 201, "push manifest " + repo + ":" + reference);
    return sha256(bytes);
  }

  /** A manifest's raw bytes and content type, or empty when absent. */
  public Optional<Fetched> getManifest(String repo, String reference) {
    HttpResponse<byte[]> r = sendBytes(request(uri("/v2/" + repo + "/manifests/" + reference))
        .header("Accept", String.join(",",
            "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"))
        .GET().build());
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    if (r.statusCode() != 200) {
      throw new AssertionError("GET manifest " + repo + ":" + reference + " answered " + r.statusCode());
    }
    return Optional.of(new Fetched(r.body(), r.headers().firstValue("Content-Type").orElse("")));
  }

  public record Fetched(byte[] bytes, String contentType) {
    public String digest() {
      return sha256(bytes);
    }
  }

  /** A (small) blob's bytes. */
  public byte[] blob(String repo, String digest) {
    HttpResponse<byte[]> r = sendBytes(request(uri("/v2/" + repo + "/blobs/" + digest)).GET().build());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET blob " + digest + " answered " + r.statusCode());
    }
    return r.body();
  }

  /** The sha256 of a blob as the registry serves it, computed while streaming; empty when absent. */
  public Optional<String> blobDigest(String repo, String digest) {
    HttpResponse<InputStream> r = send(request(uri("/v2/" + repo + "/blobs/" + digest)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() == 404) {
        return Optional.empty();
      }
      if (r.statusCode() != 200) {
        throw new AssertionError("GET blob " + digest + " answered " + r.statusCode());
      }
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return Optional.of("sha256:" + HexFormat.of().formatHex(md.digest()));
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HEAD a blob: whether the registry has it in this repository. */
  public boolean hasBlob(String repo, String digest) {
    HttpResponse<String> r = send(request(uri("/v2/" + repo + "/blobs/" + digest)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    if (r.statusCode() != 200 && r.statusCode() != 404) {
      throw new AssertionError("HEAD blob " + digest + " answered " + r.statusCode());
    }
    return r.statusCode() == 200;
  }

  public void deleteBlob(String repo, String digest) {
    HttpResponse<String> r = send(request(uri("/v2/" + repo + "/blobs/" + digest)).DELETE().build());
    expect(r, 202, "delete blob " + digest);
  }

  /** The repository's tags as the registry lists them (distribution 2.8: one page), sorted; empty when it has none. */
  public java.util.List<String> tags(String repo) {
    HttpResponse<String> r = send(request(uri("/v2/" + repo + "/tags/list")).GET().build());
    if (r.statusCode() == 404) {
      return java.util.List.of();
    }
    expect(r, 200, "list tags of " + repo);
    try {
      java.util.List<String> tags = new java.util.ArrayList<>();
      new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("tags").forEach(t -> tags.add(t.asText()));
      java.util.Collections.sort(tags);
      return tags;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void deleteManifest(String repo, String digest) {
    HttpResponse<String> r = send(request(uri("/v2/" + repo + "/manifests/" + digest)).DELETE().build());
    expect(r, 202, "delete manifest " + digest);
  }

  private URI uri(String path) {
    return URI.create(scheme + "://" + address + path);
  }

  /** An SSL context that accepts any certificate: for test setup against deliberately untrusted registries. */
  static javax.net.ssl.SSLContext trustAll() {
    try {
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
        @Override public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) { }
        @Override public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) { }
        @Override public java.security.cert.X509Certificate[] getAcceptedIssuers() {
          return new java.security.cert.X509Certificate[0];
        }
      }}, new java.security.SecureRandom());
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> sendBytes(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      HttpResponse<T> response = http.send(request, body);
      String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
      if (response.statusCode() == 401 && authorization != null && challenge.startsWith("Bearer ")) {
        // A token registry: trade the basic credentials for a token for this challenge's scope.
        String bearer = bearerByChallenge.computeIfAbsent(challenge, this::fetchToken);
        HttpRequest again = HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Authorization"))
            .header("Authorization", "Bearer " + bearer).build();
        return http.send(again, body);
      }
      return response;
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String fetchToken(String challenge) {
    java.util.Map<String, String> params = new java.util.HashMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(challenge);
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    String url = params.get("realm") + "?service=" + java.net.URLEncoder.encode(params.getOrDefault("service", ""), java.nio.charset.StandardCharsets.UTF_8)
        + (params.containsKey("scope") ? "&scope=" + java.net.URLEncoder.encode(params.get("scope"), java.nio.charset.StandardCharsets.UTF_8) : "");
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("token service answered " + r.statusCode());
      }
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("token").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void expect(HttpResponse<String> r, int status, String what) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(what + ": HTTP " + r.statusCode() + " " + r.body());
    }
  }
}
