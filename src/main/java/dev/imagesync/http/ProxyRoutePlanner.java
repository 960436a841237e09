package dev.imagesync.http;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Sends each request direct or through the proxy {@link ProxySettings} names for it (https:// then
 * goes through a CONNECT tunnel), and remembers which proxies were used, for the summary.
 */
final class ProxyRoutePlanner extends DefaultRoutePlanner {

  private final ProxySettings settings;
  private final Set<ProxyAddress> used = ConcurrentHashMap.newKeySet();

  ProxyRoutePlanner(ProxySettings settings) {
    super(DefaultSchemePortResolver.INSTANCE);
    this.settings = settings;
  }

  Optional<ProxyAddress> proxyFor(HttpHost target) {
    int port = target.getPort() >= 0 ? target.getPort() : "https".equalsIgnoreCase(target.getSchemeName()) ? 443 : 80;
    return settings.proxyFor(target.getSchemeName(), target.getHostName(), port);
  }

  @Override
  protected HttpHost determineProxy(HttpHost target, HttpContext context) {
    Optional<ProxyAddress> proxy = proxyFor(target);
    proxy.ifPresent(used::add);
    return proxy.map(p -> new HttpHost("http", p.host(), p.port())).orElse(null);
  }

  Set<ProxyAddress> used() {
    return Set.copyOf(used);
  }
}
