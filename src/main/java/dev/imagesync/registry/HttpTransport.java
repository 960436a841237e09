package dev.imagesync.registry;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The connections of a run: one pooled {@link HttpClient} (HTTP/1.1 keep-alive, so a registry
 * costs one TCP and TLS handshake per concurrent stream, not one per request) for verified TLS,
 * and one that skips certificate checks for the registries named with --insecure-registry.
 * Decides, once per registry, whether it is spoken to over https:// or http://.
 */
public final class HttpTransport {

  static {
    // The JDK client reads and writes bodies in buffers of this size (default 16 KiB): larger
    // ones mean fewer hand-offs between threads on a 256 MB layer. Must be set before the client
    // classes load; a value the user set on the command line wins.
    if (System.getProperty("jdk.httpclient.bufsize") == null) {
      System.setProperty("jdk.httpclient.bufsize", String.valueOf(256 * 1024));
    }
  }

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** Where and how requests to one registry go. {@code base} is {@code scheme://host[:port]}. */
  record Endpoint(HttpClient client, String base) {}

  private final TransportPolicy policy;
  private final TransportProbe probe;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private HttpClient verified;
  private HttpClient unverified;

  HttpTransport(TransportPolicy policy, TransportProbe probe) {
    this.policy = policy;
    this.probe = probe;
  }

  /** The endpoint of {@code registry} (as written in image references: docker.io, host:port). */
  Endpoint endpoint(String registry) {
    Endpoint known = endpoints.get(registry);
    if (known != null) {
      return known;
    }
    Endpoint endpoint = decide(registry);
    endpoints.putIfAbsent(registry, endpoint);
    return endpoint;
  }

  private Endpoint decide(String registry) {
    String host = apiHost(registry);
    TransportPolicy.Mode mode = policy.modeOf(registry);
    if (mode == TransportPolicy.Mode.SECURE) {
      return new Endpoint(verified(), "https://" + host);
    }
    // Plain HTTP is allowed here: ask the registry once what it speaks, so that a plain-HTTP
    // registry is not sent a doomed TLS handshake per connection, and a TLS one is still checked.
    TransportProbe.Result probed = probe.probe(host);
    switch (probed.finding()) {
      case PLAIN_HTTP:
        return new Endpoint(verified(), "http://" + host);
      case TRUSTED_TLS:
        return new Endpoint(verified(), "https://" + host);
      default:
        if (mode == TransportPolicy.Mode.INSECURE) {
          return new Endpoint(unverified(), "https://" + host);
        }
        throw new RegistryException(RegistryException.Kind.TLS, "TLS certificate of " + registry + " is not trusted ("
            + probed.detail() + "); pass --ca-cert FILE with its CA, or --insecure-registry " + registry + " to skip the check");
    }
  }

  /** The host that serves the registry API (Docker Hub's is not docker.io). */
  static String apiHost(String registry) {
    return registry.equals(dev.imagesync.image.ImageReference.DOCKER_HUB) ? "registry-1.docker.io" : registry;
  }

  private synchronized HttpClient verified() {
    if (verified == null) {
      // The default SSL context reads the JVM's trust settings, which --ca-cert extends.
      verified = builder().build();
    }
    return verified;
  }

  private synchronized HttpClient unverified() {
    if (unverified == null) {
      try {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustEverything()}, null);
        unverified = builder().sslContext(tls).build();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot set up TLS without certificate checks", e);
      }
    }
    return unverified;
  }

  private static HttpClient.Builder builder() {
    return HttpClient.newBuilder()
        // HTTP/1.1: one stream per connection keeps large parallel transfers from sharing one
        // TCP window, and behaves the same on every registry.
        .version(HttpClient.Version.HTTP_1_1)
        // Redirects are followed by RegistryCall, which must drop credentials on the way to a CDN.
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(CONNECT_TIMEOUT);
  }

  /**
   * For --insecure-registry: accepts any certificate for any name. Extends
   * X509ExtendedTrustManager because JSSE adds its own host name check around a plain one.
   */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
