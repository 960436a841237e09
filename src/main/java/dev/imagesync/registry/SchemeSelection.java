package dev.imagesync.registry;

import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.http.Transport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * http:// or https:// for one registry. Requests to it are built for https://; this layer sends
 * them with the scheme the registry speaks. Registries that must use TLS ({@link
 * TransportPolicy.Mode#SECURE}) always get https://. One that may speak plain HTTP (loopback, or
 * named with --insecure-registry) is asked over http:// first, which costs nothing when it
 * answers (most such registries do), where a TLS handshake to find out would cost a fifth of a
 * second of start-up. It switches to https:// for good when the server closes the connection or
 * answers 400 without the registry API's version header (what Go's and nginx's TLS servers
 * answer to plain HTTP); the request is then sent again. Shared by every repository of the
 * registry; thread-safe.
 */
final class SchemeSelection implements Transport {

  private final Transport next;
  private final String authority;
  private final boolean mayBePlain;
  private volatile boolean https;
  private volatile boolean settled;

  /** {@code authority}: the registry API's {@code host[:port]}. */
  SchemeSelection(Transport next, String authority, TransportPolicy.Mode mode) {
    this.next = next;
    this.authority = authority.toLowerCase(java.util.Locale.ROOT);
    this.mayBePlain = mode != TransportPolicy.Mode.SECURE;
    this.https = !mayBePlain;
    this.settled = !mayBePlain;
  }

  /** Whether the registry is spoken to over TLS (so far as is known). */
  boolean overTls() {
    return https;
  }

  @Override
  public Response send(Request request) throws IOException {
    if (!request.authority().equals(authority)) {
      return next.send(request);
    }
    boolean trying = !settled && !https;
    Response response;
    try {
      response = next.send(withScheme(request, https ? "https" : "http"));
    } catch (IOException e) {
      if (trying && maybeTls(e)) {
        return overTlsUnlessItIsNot(request, e);
      }
      throw e;
    }
    if (trying) {
      if (response.status() == 400 && response.headers().first("Docker-Distribution-Api-Version").isEmpty()) {
        response.discard();
        return overTls(request);
      }
      settled = true;
    }
    return response;
  }

  /**
   * A closed connection may be a TLS port; a refused one, silence, or a failure at a proxy says
   * nothing about the registry's scheme.
   */
  private static boolean maybeTls(IOException e) {
    return !(e instanceof ConnectException) && !(e instanceof SocketTimeoutException) && !(e instanceof dev.imagesync.http.ProxyFailure);
  }

  /**
   * A plain-HTTP request whose connection closed: a TLS port, or a plain one that dropped it (a
   * reset on a lossy link). TLS is kept only if the server speaks it; if it does not, the
   * registry is still plain and the first failure is what happened (and may be retried).
   */
  private Response overTlsUnlessItIsNot(Request request, IOException plainFailure) throws IOException {
    request.prepareBody();
    Response response;
    try {
      response = next.send(withScheme(request, "https"));
    } catch (javax.net.ssl.SSLException e) {
      if (RegistryErrors.isCertificateProblem(e)) {
        throw e; // it speaks TLS, with a certificate we do not trust: that is the news
      }
      throw plainFailure; // no TLS there: the registry is plain, and its connection was dropped
    }
    // Switched only once TLS answered: other jobs meanwhile go on over plain HTTP as before.
    https = true;
    settled = true;
    return response;
  }

  private Response overTls(Request request) throws IOException {
    https = true;
    settled = true;
    request.prepareBody();
    return next.send(withScheme(request, "https"));
  }

  private static Request withScheme(Request request, String scheme) {
    URI uri = request.uri();
    if (scheme.equalsIgnoreCase(uri.getScheme())) {
      return request;
    }
    try {
      // From the raw parts as they are: URI's multi-part constructors would quote a '%' again.
      return request.withUri(new URI(scheme + "://" + uri.getRawAuthority() + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
    } catch (URISyntaxException e) {
      return request.withUri(URI.create(scheme + uri.toString().substring(uri.getScheme().length())));
    }
  }
}
