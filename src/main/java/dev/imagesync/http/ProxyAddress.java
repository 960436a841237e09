package dev.imagesync.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * An HTTP proxy: where it is and, if its URL carried {@code user:password@}, the credentials it
 * gets in {@code Proxy-Authorization}. Its {@link #toString} is {@code host:port}: the only part
 * of a proxy URL that is ever printed.
 */
public record ProxyAddress(String host, int port, Optional<String> user, Optional<String> password) {

  /** {@code Basic …} for the proxy's credentials, if it has any. */
  Optional<String> authorization() {
    return user.map(u -> "Basic " + Base64.getEncoder().encodeToString((u + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
