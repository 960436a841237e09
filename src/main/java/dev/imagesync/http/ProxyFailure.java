package dev.imagesync.http;

import java.io.IOException;

/**
 * A request failed at the proxy, not at the server behind it: the proxy could not be reached,
 * refused the tunnel, or wants credentials it did not get. The message names the proxy by {@code
 * host:port} only.
 */
public final class ProxyFailure extends IOException {

  private final ProxyAddress proxy;
  private final boolean mayPass;

  ProxyFailure(ProxyAddress proxy, String what, boolean mayPass, Throwable cause) {
    super("proxy " + proxy + " " + what, cause);
    this.proxy = proxy;
    this.mayPass = mayPass;
  }

  public ProxyAddress proxy() {
    return proxy;
  }

  /** Whether trying again may help (a proxy that was down may be up again; wrong credentials stay wrong). */
  public boolean mayPass() {
    return mayPass;
  }
}
