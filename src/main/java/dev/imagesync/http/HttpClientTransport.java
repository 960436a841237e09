package dev.imagesync.http;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.cookie.CookieSpecFactory;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.client5.http.impl.auth.BasicSchemeFactory;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bottom of every transport: Apache HttpClient 5 (classic, blocking), each request on the
 * calling thread. Pooled keep-alive connections per route; a connection idle for a while is
 * checked before it is reused, and one idle for long is closed. TLS through {@link TlsTrust},
 * proxies through {@link ProxySettings} (https:// over CONNECT). Redirects, authentication and
 * retries are not done here: the registry layers above do them, each in one place. Bodies
 * stream both ways: a request body is written as the request goes, a response body is read as
 * the caller reads it.
 */
public final class HttpClientTransport implements Transport, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpClientTransport.class);

  /**
   * How long a request sent with {@code Expect: 100-continue} through a proxy waits for the
   * server's go-ahead before sending its body anyway (a server that ignores the header). Direct
   * requests wait HttpClient's own 3 s: its minimal client does not take another value.
   */
  private static final Timeout WAIT_FOR_CONTINUE = Timeout.ofSeconds(2);
  /** An idle connection older than this is checked before reuse (the server may have closed it). */
  private static final TimeValue VALIDATE_AFTER = TimeValue.ofSeconds(2);
  /** Servers close idle connections after 60–75 s; ours go before that. */
  private static final TimeValue MAX_IDLE = TimeValue.ofSeconds(30);
  /**
   * A request body that has not moved at all for the timeout and this long is given up, whoever
   * holds it up. A little longer than a read may wait: when a stream from another server feeds the
   * body and stalls, its own read timeout fires first and names the right server.
   */
  private static final java.time.Duration STALL_MARGIN = java.time.Duration.ofSeconds(15);
  /** Waiting for a free pooled connection: long, as it is normal under load, but bounded. */
  private static final Timeout LEASE_TIMEOUT = Timeout.ofMinutes(3);

  /**
   * {@code connectionsPerRoute}: connections kept open to one host (and at most open at once).
   */
  public record Options(int connectionsPerRoute, Duration connectTimeout, TlsTrust tls, ProxySettings proxies, Duration timeout) {
    public Options(int connectionsPerRoute, Duration connectTimeout, TlsTrust tls, ProxySettings proxies) {
      this(connectionsPerRoute, connectTimeout, tls, proxies, Request.DEFAULT_TIMEOUT);
    }
  }

  /** For requests through a proxy: CONNECT tunnels and the proxy's 407 are HttpClient's to handle. */
  private final CloseableHttpClient client;
  /**
   * For direct requests: HttpClient's minimal client, without the protocol stages whose work the
   * registry layers do themselves (redirects, authentication, cookies); each of those stages cost
   * CPU on every request (measured: the request's URI parsed again for an authentication scope).
   */
  private final CloseableHttpClient direct;
  private final PoolingHttpClientConnectionManager pool;
  private final TlsTrust tls;
  private final ProxyRoutePlanner routes;
  private final RequestConfig defaults;
  private final StallWatch stalls = new StallWatch();
  /** How long any wait for a server may last, unless a request says otherwise (--timeout). */
  private final Duration timeout;

  public HttpClientTransport(Options options) {
    this.timeout = options.timeout();
    this.tls = options.tls();
    this.pool = PoolingHttpClientConnectionManagerBuilder.create()
        .setTlsSocketStrategy(new TlsUpgrade(options.tls()))
        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
        .setMaxConnPerRoute(options.connectionsPerRoute())
        .setMaxConnTotal(options.connectionsPerRoute() * 4)
        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(options.connectTimeout()))
            .setSocketTimeout(Timeout.of(options.timeout()))
            .setValidateAfterInactivity(VALIDATE_AFTER)
            .build())
        .build();
    this.routes = new ProxyRoutePlanner(options.proxies());
    this.defaults = RequestConfig.custom()
        .setConnectionRequestTimeout(LEASE_TIMEOUT)
        .setRedirectsEnabled(false)
        .setContentCompressionEnabled(false) // bytes arrive as the server sent them: digests must hold
        .build();
    BasicCredentialsProvider proxyCredentials = new BasicCredentialsProvider();
    for (ProxyAddress p : options.proxies().configured()) {
      p.user().ifPresent(user -> proxyCredentials.setCredentials(new AuthScope(p.host(), p.port()),
          new UsernamePasswordCredentials(user, p.password().orElse("").toCharArray())));
    }
    this.client = HttpClients.custom()
        .setConnectionManager(pool)
        .setRoutePlanner(routes)
        .setDefaultCredentialsProvider(proxyCredentials) // for a proxy's 407 only: registries are answered above
        .setDefaultRequestConfig(defaults)
        .setRequestExecutor(new HttpRequestExecutor(WAIT_FOR_CONTINUE, null, null))
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .disableCookieManagement()
        // Empty: otherwise the builder parses the public suffix list for cookies nobody keeps.
        .setDefaultCookieSpecRegistry(RegistryBuilder.<CookieSpecFactory>create().build())
        // Basic only, for a proxy's 407: registries are answered by the layers above.
        .setDefaultAuthSchemeRegistry(RegistryBuilder.<AuthSchemeFactory>create().register(StandardAuthScheme.BASIC, BasicSchemeFactory.INSTANCE).build())
        .disableContentCompression()
        .disableDefaultUserAgent()
        .evictIdleConnections(MAX_IDLE)
        .build();
    this.direct = HttpClients.createMinimal(pool);
  }

  /**
   * A transport for a few requests outside any registry (notifications, a compose file by URL):
   * system trust, a few connections.
   */
  public static HttpClientTransport forFewRequests(ProxySettings proxies) {
    return new HttpClientTransport(new Options(2, Duration.ofSeconds(10), TlsTrust.system(), proxies));
  }

  /** The TLS trust of this transport. */
  public TlsTrust tls() {
    return tls;
  }

  /** The proxies requests went through so far ({@code host:port}). */
  public Set<ProxyAddress> proxiesUsed() {
    return routes.used();
  }

  @Override
  public Response send(Request request) throws IOException {
    URI uri = request.uri();
    Duration waitLimit = timeoutOf(request);
    HttpUriRequestBase message = new HttpUriRequestBase(request.method(), uri);
    request.headers().asMap().forEach((name, values) -> values.forEach(v -> message.addHeader(name, v)));
    HttpHost target = targetOf(message);
    Optional<ProxyAddress> proxy = target == null ? Optional.empty() : routes.proxyFor(target);
    if (proxy.isPresent() && "http".equalsIgnoreCase(uri.getScheme())) {
      // Plain http:// goes to the proxy as it is: its credentials go along from the first request.
      proxy.get().authorization().ifPresent(a -> message.setHeader("Proxy-Authorization", a));
    }
    message.setConfig(RequestConfig.copy(defaults)
        .setResponseTimeout(Timeout.of(waitLimit))
        .setExpectContinueEnabled(request.expectContinue())
        .build());
    if (request.expectContinue()) {
      message.setHeader("Expect", "100-continue");
    }
    StallWatch.Watched stall = null;
    if (request.body() != null && !request.method().equals("GET") && !request.method().equals("HEAD")) {
      stall = stalls.watch(message::cancel, timeout, STALL_MARGIN);
      message.setEntity(new BodyEntity(request.body(), stall));
    }
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} {} {}{}", request.method(), traced(uri), traced(request.headers()), proxy.map(p -> "(via proxy " + p + ")").orElse(""));
    }
    if (request.cancellation() != null) {
      request.cancellation().bind(message::cancel);
    }
    ClassicHttpResponse response;
    try {
      response = proxy.isPresent() ? client.executeOpen(null, message, tunnelContext(proxy.get(), uri)) : direct.executeOpen(target, message, null);
    } catch (IOException e) {
      if (stall != null && stall.fired()) {
        throw new UploadStalled(stall.why());
      }
      throw proxy.isPresent() ? atProxy(proxy.get(), e) : e;
    } finally {
      if (stall != null) {
        stall.done();
      }
    }
    Headers headers = new Headers();
    for (Header h : response.getHeaders()) {
      headers.add(h.getName(), h.getValue());
    }
    int status = response.getCode();
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} {} -> {} {}", request.method(), traced(uri), status, headers.first("WWW-Authenticate").orElse(""));
    }
    if (status == 407 && proxy.isPresent()) {
      closeNow(response);
      throw refusedCredentials(proxy.get(), null);
    }
    // A server that answers 429 or 5xx may close the connection after it without saying so
    // (Connection: close): a retry on that pooled connection would fail for nothing, as a
    // network fault, without the wait the answer asked for. Such a connection is not reused.
    boolean reusable = status != 429 && status < 500;
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      if (reusable) {
        response.close(); // nothing to read: the connection goes back to the pool now
      } else {
        closeNow(response);
      }
      return new Response(uri, status, headers, null, waitLimit);
    }
    return new Response(uri, status, headers,
        new ResponseStream(entity.getContent(), entity.getContentLength(), response, waitLimit, reusable), waitLimit);
  }

  /**
   * Through a proxy with credentials: the CONNECT (https) or the forwarded request (plain http)
   * carries them from the first attempt (Basic, as curl, Go and skopeo send them), instead of
   * waiting to be refused with a 407 that costs a round trip per tunnel, or fails the request when
   * the proxy closes after it; a 407 then is the proxy refusing them, said in one line.
   */
  private static HttpClientContext tunnelContext(ProxyAddress proxy, URI uri) {
    if (proxy.user().isEmpty()) {
      return null;
    }
    BasicScheme basic = new BasicScheme();
    basic.initPreemptive(new UsernamePasswordCredentials(proxy.user().get(), proxy.password().orElse("").toCharArray()));
    HttpClientContext context = HttpClientContext.create();
    context.resetAuthExchange(new HttpHost("http", proxy.host(), proxy.port()), basic);
    return context;
  }

  /** The request's own timeout, or the transport's. */
  private Duration timeoutOf(Request request) {
    return request.timeout() != null ? request.timeout() : timeout;
  }

  private static HttpHost targetOf(HttpUriRequestBase message) throws IOException {
    try {
      return RoutingSupport.determineHost(message);
    } catch (HttpException e) {
      throw new IOException("cannot send to " + message.getRequestUri() + ": " + e.getMessage(), e);
    }
  }

  /** A failure that happened at the proxy, in words that name it; any other failure unchanged. */
  private static IOException atProxy(ProxyAddress proxy, IOException e) {
    if (e instanceof HttpHostConnectException c && c.getHost() != null
        && c.getHost().getHostName().equalsIgnoreCase(proxy.host()) && c.getHost().getPort() == proxy.port()) {
      return new ProxyFailure(proxy, "cannot be reached (" + firstLine(c.getCause() != null ? c.getCause().getMessage() : "connection refused") + ")", true, e);
    }
    if (e instanceof UnknownHostException && String.valueOf(e.getMessage()).contains(proxy.host())) {
      return new ProxyFailure(proxy, "is an unknown host", false, e);
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t.getClass().getSimpleName().equals("TunnelRefusedException")) {
        String said = firstLine(t.getMessage()).replaceFirst("^CONNECT refused by proxy: ", "");
        boolean auth = said.contains("407");
        if (auth) {
          return refusedCredentials(proxy, e);
        }
        return new ProxyFailure(proxy, "refused the tunnel (" + said + ")", said.matches(".*\\b5\\d\\d\\b.*"), e);
      }
    }
    return e;
  }

  /** The proxy's 407, to a request or to a tunnel: its credentials are wrong, or were not given. Not worth another attempt. */
  private static ProxyFailure refusedCredentials(ProxyAddress proxy, Throwable cause) {
    return new ProxyFailure(proxy, proxy.user().isPresent() ? "refused the credentials (407)"
        : "asks for credentials (407); give them in the proxy URL (http://user:password@host:port)", false, cause);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /**
   * A URI as the trace log shows it: without its query, where signatures and tokens travel (a
   * CDN's presigned download, a compose file's ?token=); the log layout masks only known secrets.
   */
  static String traced(URI uri) {
    String text = uri.toString();
    int query = text.indexOf('?');
    return query < 0 ? text : text.substring(0, query) + "?…";
  }

  private static String traced(Headers headers) {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("Accept", "Authorization", "Content-Type")) {
      headers.first(name).ifPresent(v -> text.append(name).append(": ").append(v).append("; ")); // masked by the log layout
    }
    return text.toString();
  }

  static void closeNow(ClassicHttpResponse response) {
    if (response instanceof CloseableHttpResponse c) {
      c.close(CloseMode.IMMEDIATE);
    } else {
      try {
        response.close();
      } catch (IOException e) {
        // dropped
      }
    }
  }

  @Override
  public void close() {
    client.close(CloseMode.IMMEDIATE);
    direct.close(CloseMode.IMMEDIATE);
  }
}
