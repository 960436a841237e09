package dev.imagesync.testing;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A token service for a registry started with {@code auth: token}, as Docker Hub, GHCR and ACR
 * work: it checks basic credentials, grants the scopes asked for, and signs RS256 JWTs with a key
 * whose certificate the registry trusts ({@code rootcertbundle}). Records what it was asked.
 */
public final class TokenServer implements AutoCloseable {

  public static final String SERVICE = "imagesync-test-registry";
  public static final String ISSUER = "imagesync-test-issuer";
  private static final int REGISTRY_LEEWAY_SECONDS = 60;

  private final HttpServer server;
  private final Path certificatePem;
  private final PrivateKey key;
  private final String keyId;
  private final String user;
  private final String password;
  private volatile int lifetimeSeconds = 300;
  /** Repositories the (right) credentials are refused a token for with 403 DENIED, as GAR's token service does; null: none. */
  private volatile java.util.function.Predicate<String> denied;

  /** Anonymous callers get pull on these repositories (and nothing else) instead of a 401; null: refused. */
  private volatile java.util.function.Predicate<String> publicRepositories;
  /**
   * What the account is granted per repository, given the actions asked ("pull,push"): the
   * actions granted, "" for none; null: everything asked. Harbor, Quay and ACR grant so instead of
   * refusing the token.
   */
  private volatile java.util.function.BiFunction<String, String, String> grants;
  /** The refresh (identity) token the POST exchange takes; null: none. */
  private volatile String refreshToken;
  /** What the token response claims as expires_in; negative: the truth. */
  private volatile int advertisedSeconds = -1;
  private final List<String> issuedScopes = new CopyOnWriteArrayList<>();
  private final List<String> issuedTokens = new CopyOnWriteArrayList<>();
  private final List<String> refusals = new CopyOnWriteArrayList<>();

  private final String issuer;

  public TokenServer(String user, String password) {
    this(user, password, ISSUER);
  }

  /** {@code issuer}: what the tokens say signed them (Harbor's is harbor-token-issuer). */
  public TokenServer(String user, String password, String issuer) {
    this.issuer = issuer;
    this.user = user;
    this.password = password;
    try {
      TestKeys keys = TestKeys.generate("imagesync-test-token", null);
      key = keys.key();
      X509Certificate cert = keys.certificate();
      certificatePem = keys.certificatePem();
      keyId = libtrustKeyId(cert.getPublicKey().getEncoded());
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/token", exchange -> {
        byte[] body;
        int status;
        if (exchange.getRequestMethod().equals("POST")) {
          // Azure ACR's refresh-token exchange (github.com/Azure/acr docs/AAD-OAuth.md, "Getting
          // an access token"): POST /oauth2/token, a form of grant_type=refresh_token, service,
          // scope and refresh_token; the answer holds access_token only.
          Map<String, String> form = new java.util.HashMap<>();
          for (String field : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = field.indexOf('=');
            if (eq > 0) {
              form.put(field.substring(0, eq), URLDecoder.decode(field.substring(eq + 1), StandardCharsets.UTF_8));
            }
          }
          String refresh = refreshToken;
          if (!"refresh_token".equals(form.get("grant_type")) || refresh == null || !refresh.equals(form.get("refresh_token"))
              || !SERVICE.equals(form.get("service"))) {
            refusals.add("refresh token refused");
            status = 401;
            body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"invalid refresh token\"}]}".getBytes(StandardCharsets.UTF_8);
          } else {
            List<String> scopes = granted(List.of(form.getOrDefault("scope", "").split(" ")));
            String token = sign(scopes);
            issuedScopes.addAll(scopes);
            issuedTokens.add(token);
            status = 200;
            body = ("{\"access_token\": \"" + token + "\"}").getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
          return;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        java.util.function.Predicate<String> open = publicRepositories;
        if (auth == null && open != null) {
          // Docker Hub's token service (auth.docker.io/token): anonymous callers get a token, with
          // pull on public repositories only; one for a private or missing repository grants nothing.
          List<String> granted = new ArrayList<>();
          for (String scope : scopes(exchange.getRequestURI().getRawQuery())) {
            String[] parts = scope.split(":");
            String name = repositoryOf(scope);
            if (parts.length >= 3 && open.test(name) && parts[parts.length - 1].contains("pull")) {
              granted.add(parts[0] + ":" + name + ":pull");
            }
          }
          String token = sign(granted);
          issuedScopes.addAll(granted);
          status = 200;
          body = ("{\"token\": \"" + token + "\", \"expires_in\": " + lifetimeSeconds + "}").getBytes(StandardCharsets.UTF_8);
        } else if (expected.equals(auth) && denied != null
            && scopes(exchange.getRequestURI().getRawQuery()).stream().anyMatch(sc -> denied.test(repositoryOf(sc)))) {
          // Google Artifact Registry's token service: the account is known, the repository is not
          // its to read, or does not exist (cloud.google.com/artifact-registry/docs/troubleshooting).
          refusals.add("denied");
          status = 403;
          body = ("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"Permission \\\"artifactregistry.repositories.downloadArtifacts\\\" denied on"
              + " resource \\\"projects/p/locations/us/repositories/r\\\" (or it may not exist)\"}]}").getBytes(StandardCharsets.UTF_8);
        } else if (!expected.equals(auth)) {
          refusals.add(auth == null ? "anonymous" : "wrong credentials");
          status = 401;
          body = "{\"details\": \"incorrect username or password\"}".getBytes(StandardCharsets.UTF_8);
        } else {
          List<String> scopes = granted(scopes(exchange.getRequestURI().getRawQuery()));
          String token = sign(scopes);
          issuedScopes.addAll(scopes);
          issuedTokens.add(token);
          status = 200;
          body = ("{\"token\": \"" + token + "\", \"access_token\": \"" + token + "\", \"expires_in\": " + (advertisedSeconds < 0 ? lifetimeSeconds : advertisedSeconds) + "}")
              .getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the token server: " + e, e);
    }
  }

  /** From now on the account is refused (403 DENIED, GAR's words) a token for the repositories {@code which} takes. */
  public void denying(java.util.function.Predicate<String> which) {
    this.denied = which;
  }

  /**
   * From now on the account is granted, on each repository, what {@code rule} returns for the
   * actions asked ("" for nothing), in a token issued all the same: as Harbor grants nothing on a
   * project that does not exist or that the account is no member of, Quay on an organisation that
   * does not exist, ACR's repository-scoped tokens outside their scope map.
   */
  public void granting(java.util.function.BiFunction<String, String, String> rule) {
    this.grants = rule;
  }

  private List<String> granted(List<String> asked) {
    java.util.function.BiFunction<String, String, String> rule = grants;
    if (rule == null) {
      return asked;
    }
    List<String> granted = new ArrayList<>();
    for (String scope : asked) {
      String[] parts = scope.split(":");
      if (parts.length < 3 || !parts[0].equals("repository")) {
        granted.add(scope);
        continue;
      }
      String actions = rule.apply(repositoryOf(scope), parts[parts.length - 1]);
      if (!actions.isEmpty()) {
        granted.add("repository:" + repositoryOf(scope) + ":" + actions);
      }
    }
    return granted;
  }

  /** From now on anonymous callers get a token, with pull on the repositories {@code open} takes only, as Docker Hub's do. */
  public void anonymousPullOf(java.util.function.Predicate<String> open) {
    this.publicRepositories = open;
  }

  /** From now on {@code token} is a refresh token the service trades for access tokens (POST, OAuth2's refresh grant). */
  public void acceptRefreshToken(String token) {
    this.refreshToken = token;
  }

  public String issuer() {
    return issuer;
  }

  /** The realm URL the registry sends clients to. */
  public String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  public Path certificatePem() {
    return certificatePem;
  }

  /** Tokens issued from now on expire this many seconds after issue. */
  public void lifetimeSeconds(int seconds) {
    this.lifetimeSeconds = seconds;
  }

  /** Token responses claim this expires_in from now on, whatever the real lifetime. */
  public void advertisedLifetimeSeconds(int seconds) {
    this.advertisedSeconds = seconds;
  }

  public List<String> issuedScopes() {
    return List.copyOf(issuedScopes);
  }

  public List<String> issuedTokens() {
    return List.copyOf(issuedTokens);
  }

  public List<String> refusals() {
    return List.copyOf(refusals);
  }

  private static List<String> scopes(String rawQuery) {
    List<String> scopes = new ArrayList<>();
    if (rawQuery != null) {
      for (String param : rawQuery.split("&")) {
        if (param.startsWith("scope=")) {
          for (String s : URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8).split(" ")) {
            if (!s.isBlank()) {
              scopes.add(s);
            }
          }
        }
      }
    }
    return scopes;
  }

  /** The name in a scope, {@code repository:NAME:ACTIONS} (NAME may hold colons); empty for a scope of another shape. */
  private static String repositoryOf(String scope) {
    String[] parts = scope.split(":");
    return parts.length < 3 ? "" : scope.substring(parts[0].length() + 1, scope.length() - parts[parts.length - 1].length() - 1);
  }

  /** A JWT granting every requested repository scope, as distribution's token spec describes. */
  private String sign(List<String> scopes) {
    long now = System.currentTimeMillis() / 1000;
    // distribution accepts a token for 60 s past its exp (clock-skew leeway); a short-lived test
    // token is back-dated by that much so that it really expires after lifetimeSeconds.
    long exp = now + lifetimeSeconds - (lifetimeSeconds < REGISTRY_LEEWAY_SECONDS ? REGISTRY_LEEWAY_SECONDS : 0);
    StringBuilder access = new StringBuilder("[");
    for (String scope : scopes) {
      String[] parts = scope.split(":");
      if (parts.length < 3) {
        continue;
      }
      String actions = String.join("\",\"", parts[parts.length - 1].split(","));
      String name = repositoryOf(scope);
      access.append(access.length() > 1 ? "," : "").append("{\"type\":\"").append(parts[0]).append("\",\"name\":\"")
          .append(name).append("\",\"actions\":[\"").append(actions).append("\"]}");
    }
    access.append(']');
    String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"" + keyId + "\"}";
    String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"" + user + "\",\"aud\":\"" + SERVICE + "\",\"exp\":" + exp
        + ",\"nbf\":" + (now - REGISTRY_LEEWAY_SECONDS - 5) + ",\"iat\":" + (now - REGISTRY_LEEWAY_SECONDS) + ",\"jti\":\"" + UUID.randomUUID() + "\",\"access\":" + access + "}";
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String signingInput = url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + url.encodeToString(rsa.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** docker/libtrust's key ID: base32 of the first 240 bits of sha256(DER public key), in groups of four. */
  static String libtrustKeyId(byte[] derPublicKey) throws Exception {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(derPublicKey);
    String b32 = base32(java.util.Arrays.copyOf(hash, 30));
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < b32.length(); i += 4) {
      id.append(i == 0 ? "" : ":").append(b32, i, Math.min(i + 4, b32.length()));
    }
    return id.toString();
  }

  private static String base32(byte[] data) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
