package dev.imagesync.ecr;

import dev.imagesync.image.Digest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):
 * a canonical request (method, path, sorted query, sorted lower-case headers, the body's SHA-256),
 * its SHA-256 in a string to sign scoped to date/region/service, signed with a key derived from the
 * secret by HMAC-SHA256 down that scope. Plain computation: the caller sends the headers returned.
 */
final class SigV4 {

  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String accessKeyId;
  private final String secret;
  private final Optional<String> sessionToken;
  private final String region;
  private final String service;

  SigV4(String accessKeyId, String secret, Optional<String> sessionToken, String region, String service) {
    this.accessKeyId = accessKeyId;
    this.secret = secret;
    this.sessionToken = sessionToken;
    this.region = region;
    this.service = service;
  }

  /**
   * The headers to send besides {@code headers} ({@code X-Amz-Date}, {@code X-Amz-Security-Token}
   * when there is a session token, {@code Authorization}); every header given is signed, and
   * {@code host} always.
   */
  Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body, Instant now) {
    String amzDate = AMZ_DATE.format(now);
    TreeMap<String, String> signed = new TreeMap<>();
    headers.forEach((name, value) -> signed.put(name.toLowerCase(java.util.Locale.ROOT), value.strip().replaceAll("\\s+", " ")));
    signed.putIfAbsent("host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
    signed.put("x-amz-date", amzDate);
    sessionToken.ifPresent(t -> signed.put("x-amz-security-token", t));
    String signedHeaders = String.join(";", signed.keySet());
    String canonical = canonicalRequest(method, uri, signed, signedHeaders, body);
    String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + Digest.sha256(canonical.getBytes(StandardCharsets.UTF_8)).hex();
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = HexFormat.of().formatHex(hmac(key, stringToSign));
    Map<String, String> out = new TreeMap<>();
    out.put("X-Amz-Date", amzDate);
    sessionToken.ifPresent(t -> out.put("X-Amz-Security-Token", t));
    out.put("Authorization", ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    return out;
  }

  static String canonicalRequest(String method, URI uri, TreeMap<String, String> headers, String signedHeaders, byte[] body) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    TreeMap<String, String> query = new TreeMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        query.put(encode(decode(name)), encode(decode(value)));
      }
    }
    StringBuilder q = new StringBuilder();
    query.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(k).append('=').append(v));
    StringBuilder h = new StringBuilder();
    headers.forEach((k, v) -> h.append(k).append(':').append(v).append('\n'));
    return method + "\n" + path + "\n" + q + "\n" + h + "\n" + signedHeaders + "\n" + Digest.sha256(body).hex();
  }

  /** RFC 3986 unreserved characters stay, everything else percent-encoded (AWS's rule). */
  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
