package dev.imagesync.registry;

import java.net.Socket;
import dev.imagesync.registry.http.Connections;
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
 * The connections of a run: one keep-alive pool ({@link Connections}: a registry costs one TCP
 * and TLS handshake per concurrent stream, not one per request) with verified TLS, and one that
 * skips certificate checks for the registries named with --insecure-registry.
 * Decides, once per registry, whether it is spoken to over https:// or http://.
 */
public final class HttpTransport {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Where and how requests to one registry go: {@code base} is {@code scheme://host[:port]}. A
   * registry that may speak plain HTTP starts out unsettled on http://; its first response
   * settles it (see {@link #settle}).
   */
  static final class Endpoint {
    private final String registry;
    private volatile Connections client;
    private volatile String base;
    private volatile boolean settled;

    private Endpoint(String registry, Connections client, String base, boolean settled) {
      this.registry = registry;
      this.client = client;
      this.base = base;
      this.settled = settled;
    }

    Connections client() {
      return client;
    }

    String base() {
      return base;
    }

    boolean settled() {
      return settled;
    }
  }

  private final TransportPolicy policy;
  private final TransportProbe probe;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private Connections verified;
  private Connections unverified;

  HttpTransport(TransportPolicy policy, TransportProbe probe) {
    this.policy = policy;
    this.probe = probe;
  }

  /** The endpoint of {@code registry} (as written in image references: docker.io, host:port). */
  Endpoint endpoint(String registry) {
    return endpoints.computeIfAbsent(registry, r -> policy.modeOf(r) == TransportPolicy.Mode.SECURE
        ? new Endpoint(r, verified(), "https://" + apiHost(r), true)
        : new Endpoint(r, verified(), "http://" + apiHost(r), false));
  }

  /**
   * A registry that may speak plain HTTP (loopback, or named with --insecure-registry) is first
   * asked over http://, which costs nothing when it answers (most such registries do), where a
   * TLS handshake to find out would cost a fifth of a second of start-up. Called with what the
   * first request got: a response ({@code failure} null) or the I/O error. Returns true when the
   * endpoint has switched to https:// and the request must be sent again.
   *
   * <p>The switch happens when the server closed the connection or answered 400 without the
   * registry API's version header (what Go's and nginx's TLS servers answer to plain HTTP). Then
   * the registry's certificate is checked like any other, unless --insecure-registry says not to.
   */
  synchronized boolean settle(Endpoint endpoint, dev.imagesync.registry.http.Response response, java.io.IOException failure) {
    if (endpoint.settled) {
      return false;
    }
    boolean tlsPort = failure != null
        ? !(failure instanceof java.net.ConnectException) && !(failure instanceof java.net.SocketTimeoutException)
        : response.status() == 400 && response.headers().first("Docker-Distribution-Api-Version").isEmpty();
    if (!tlsPort) {
      endpoint.settled = failure == null; // a registry that is down may be up on the next request
      return false;
    }
    String host = apiHost(endpoint.registry);
    TransportProbe.Result probed = probe.probe(host);
    switch (probed.finding()) {
      case TRUSTED_TLS:
        endpoint.base = "https://" + host;
        break;
      case UNTRUSTED_TLS:
        if (policy.modeOf(endpoint.registry) != TransportPolicy.Mode.INSECURE) {
          throw new RegistryException(RegistryException.Kind.TLS, "TLS certificate of " + endpoint.registry + " is not trusted ("
              + probed.detail() + "); pass --ca-cert FILE with its CA, or --insecure-registry " + endpoint.registry + " to skip the check");
        }
        endpoint.client = unverified();
        endpoint.base = "https://" + host;
        break;
      default:
        return false; // neither plain HTTP nor TLS: the request's own failure says what happened
    }
    endpoint.settled = true;
    return true;
  }

  /**
   * The client for a URL outside the registry API (a token realm): without certificate checks
   * only on a host named with --insecure-registry.
   */
  Connections clientFor(java.net.URI url) {
    String authority = url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
    return policy.modeOf(authority) == TransportPolicy.Mode.INSECURE ? unverified() : verified();
  }

  /** The host that serves the registry API (Docker Hub's is not docker.io). */
  static String apiHost(String registry) {
    return registry.equals(dev.imagesync.image.ImageReference.DOCKER_HUB) ? "registry-1.docker.io" : registry;
  }

  private synchronized Connections verified() {
    if (verified == null) {
      // The default SSL context reads the JVM's trust settings, which --ca-cert extends; it is
      // made on the first TLS connection, so a run against plain-HTTP registries never pays for it.
      verified = Connections.withSystemTrust(CONNECT_TIMEOUT);
    }
    return verified;
  }

  private synchronized Connections unverified() {
    if (unverified == null) {
      unverified = new Connections(() -> {
        try {
          SSLContext tls = SSLContext.getInstance("TLS");
          tls.init(null, new TrustManager[] {new TrustEverything()}, null);
          return tls.getSocketFactory();
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("cannot set up TLS without certificate checks", e);
        }
      }, CONNECT_TIMEOUT);
    }
    return unverified;
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
