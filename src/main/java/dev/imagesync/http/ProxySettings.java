package dev.imagesync.http;

import dev.imagesync.secrets.Secrets;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which proxy a request goes through, read as curl, Go and skopeo read it: {@code HTTPS_PROXY} (or
 * {@code https_proxy}) for https:// URLs, {@code HTTP_PROXY} (or {@code http_proxy}) for http://,
 * {@code ALL_PROXY} (or {@code all_proxy}) for either when the specific one is unset; upper case
 * first, as Go does. {@code --proxy URL} replaces all of them. {@code NO_PROXY}/{@code no_proxy}
 * (see {@link NoProxy}) and loopback hosts always go direct. A proxy URL is {@code
 * http://[user:password@]host[:port]} (no scheme means http://, no port 80); the password is
 * registered as a secret at once.
 */
public final class ProxySettings {

  public static final ProxySettings DIRECT = new ProxySettings(null, null, NoProxy.NONE);

  private final ProxyAddress forHttps;
  private final ProxyAddress forHttp;
  private final NoProxy noProxy;

  private ProxySettings(ProxyAddress forHttps, ProxyAddress forHttp, NoProxy noProxy) {
    this.forHttps = forHttps;
    this.forHttp = forHttp;
    this.noProxy = noProxy;
  }

  /**
   * From the environment and the {@code --proxy} flag (null: none).
   *
   * @throws IllegalArgumentException naming the variable or flag whose URL cannot be used
   */
  public static ProxySettings from(Map<String, String> env, String flag) {
    NoProxy noProxy = NoProxy.parse(first(env, "NO_PROXY", "no_proxy").orElse(null));
    if (flag != null && !flag.isBlank()) {
      ProxyAddress p = parse(flag, "--proxy");
      return new ProxySettings(p, p, noProxy);
    }
    Optional<Named> all = named(env, "ALL_PROXY", "all_proxy");
    Optional<Named> https = named(env, "HTTPS_PROXY", "https_proxy").or(() -> all);
    Optional<Named> http = named(env, "HTTP_PROXY", "http_proxy").or(() -> all);
    return new ProxySettings(
        https.map(n -> parse(n.value, n.name)).orElse(null), http.map(n -> parse(n.value, n.name)).orElse(null), noProxy);
  }

  /** The proxy for a request to {@code scheme://host:port}, or empty to go direct. */
  public Optional<ProxyAddress> proxyFor(String scheme, String host, int port) {
    ProxyAddress p = "https".equalsIgnoreCase(scheme) ? forHttps : forHttp;
    if (p == null || isLoopback(host) || noProxy.matches(host, port)) {
      return Optional.empty();
    }
    return Optional.of(p);
  }

  /** Every proxy configured (one or two). */
  public java.util.Set<ProxyAddress> configured() {
    java.util.Set<ProxyAddress> all = new java.util.LinkedHashSet<>();
    if (forHttps != null) {
      all.add(forHttps);
    }
    if (forHttp != null) {
      all.add(forHttp);
    }
    return all;
  }

  /** localhost, 127.0.0.0/8 and ::1: never proxied (Go and curl agree). */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return true;
    }
    byte[] ip = NoProxy.ipLiteral(h);
    if (ip == null) {
      return false;
    }
    try {
      return java.net.InetAddress.getByAddress(ip).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private record Named(String name, String value) {}

  private static Optional<Named> named(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return Optional.of(new Named(n, v.strip()));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> first(Map<String, String> env, String... names) {
    return named(env, names).map(Named::value);
  }

  static ProxyAddress parse(String text, String where) {
    String t = text.strip();
    if (!t.contains("://")) {
      t = "http://" + t;
    }
    URI uri;
    try {
      uri = URI.create(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": not a proxy URL (http://[user:password@]host[:port])");
    }
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      throw new IllegalArgumentException(where + ": " + scheme + ":// proxies are not supported; give an HTTP proxy (http://host:port),"
          + " which carries https:// through CONNECT");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(where + ": not a proxy URL (http://[user:password@]host[:port])");
    }
    if (uri.getPort() > 65535) {
      throw new IllegalArgumentException(where + ": port out of range");
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    String info = uri.getRawUserInfo();
    if (info != null && !info.isEmpty()) {
      int colon = info.indexOf(':');
      user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
      password = colon < 0 ? Optional.empty() : Optional.of(decode(info.substring(colon + 1)));
      password.ifPresent(Secrets::register);
      password.ifPresent(pw -> Secrets.register(info.substring(colon + 1)));
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    ProxyAddress address = new ProxyAddress(host, uri.getPort() < 0 ? 80 : uri.getPort(), user, password);
    address.authorization().ifPresent(a -> Secrets.register(a.substring("Basic ".length())));
    return address;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
