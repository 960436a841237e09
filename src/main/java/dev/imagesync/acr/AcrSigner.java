package dev.imagesync.acr;

import dev.imagesync.image.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alibaba Cloud's request signature V3 ({@code ACS3-HMAC-SHA256}), the one every OpenAPI
 * accepts, RPC and ROA styles alike: a canonical request (method, path, sorted query, the signed
 * headers, the body's SHA-256), its SHA-256 signed with HMAC-SHA256 under the AccessKey secret.
 * Plain computation: the caller sends what {@link #sign} returns.
 */
final class AcrSigner {

  static final String ALGORITHM = "ACS3-HMAC-SHA256";

  private final String accessKeyId;
  private final byte[] accessKeySecret;

  AcrSigner(String accessKeyId, String accessKeySecret) {
    this.accessKeyId = accessKeyId;
    this.accessKeySecret = accessKeySecret.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The headers a request needs, {@code Authorization} included. {@code query}: the parameters
   * as they are (not encoded); {@code host}: as the Host header will say it.
   */
  Map<String, String> sign(String method, String host, String path, Map<String, String> query, String action, String version,
      String contentType, byte[] body, Instant now, String nonce) {
    TreeMap<String, String> headers = new TreeMap<>();
    headers.put("host", host);
    headers.put("x-acs-action", action);
    headers.put("x-acs-version", version);
    headers.put("x-acs-date", now.truncatedTo(ChronoUnit.SECONDS).toString());
    headers.put("x-acs-signature-nonce", nonce);
    headers.put("x-acs-content-sha256", Digest.sha256(body).hex());
    if (contentType != null) {
      headers.put("content-type", contentType);
    }
    String canonicalRequest = canonicalRequest(method, path, query, headers);
    String stringToSign = ALGORITHM + "\n" + Digest.sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)).hex();
    String signature = HexFormat.of().formatHex(hmac(stringToSign));
    TreeMap<String, String> out = new TreeMap<>(headers);
    out.remove("host"); // the HTTP client sends it
    out.put("Authorization", ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders=" + String.join(";", headers.keySet())
        + ",Signature=" + signature);
    return out;
  }

  /** The canonical request of V3; {@code headers}: lower-case names, sorted, all of them signed. */
  static String canonicalRequest(String method, String path, Map<String, String> query, TreeMap<String, String> headers) {
    StringBuilder canonicalHeaders = new StringBuilder();
    headers.forEach((name, value) -> canonicalHeaders.append(name.toLowerCase(Locale.ROOT)).append(':').append(value.trim()).append('\n'));
    return method.toUpperCase(Locale.ROOT) + "\n"
        + (path.isEmpty() ? "/" : encodePath(path)) + "\n"
        + canonicalQuery(query) + "\n"
        + canonicalHeaders + "\n"
        + String.join(";", headers.keySet()) + "\n"
        + headers.get("x-acs-content-sha256");
  }

  /** Sorted by name, each name and value percent-encoded (RFC 3986), joined by {@code &}. */
  static String canonicalQuery(Map<String, String> query) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(query).forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(encode(k)).append('=').append(encode(v == null ? "" : v)));
    return b.toString();
  }

  private static String encodePath(String path) {
    StringBuilder b = new StringBuilder();
    for (String part : path.split("/", -1)) {
      b.append(b.length() == 0 && part.isEmpty() ? "" : "/").append(encode(part));
    }
    return b.length() == 0 ? "/" : b.toString();
  }

  /** RFC 3986: everything but letters, digits and {@code - _ . ~} as %XX of its UTF-8 bytes. */
  static String encode(String s) {
    StringBuilder b = new StringBuilder();
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", c & 0xff));
      }
    }
    return b.toString();
  }

  private byte[] hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(accessKeySecret, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
