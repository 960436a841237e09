package dev.imagesync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.secrets.Secrets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

  private static Optional<String> proxy(ProxySettings s, String scheme, String host, int port) {
    return s.proxyFor(scheme, host, port).map(ProxyAddress::toString);
  }

  @Test
  void eachSchemeHasItsVariableAndAllProxyFillsIn() {
    ProxySettings s = ProxySettings.from(Map.of("HTTPS_PROXY", "http://secure.proxy:3128", "http_proxy", "plain.proxy:8080"), null);
    assertEquals(Optional.of("secure.proxy:3128"), proxy(s, "https", "registry-1.docker.io", 443));
    assertEquals(Optional.of("plain.proxy:8080"), proxy(s, "http", "mirror.example", 80));

    ProxySettings all = ProxySettings.from(Map.of("ALL_PROXY", "http://all.proxy:1", "https_proxy", "http://s.proxy:2"), null);
    assertEquals(Optional.of("s.proxy:2"), proxy(all, "https", "ghcr.io", 443));
    assertEquals(Optional.of("all.proxy:1"), proxy(all, "http", "ghcr.io", 80));
    assertEquals(Optional.of("p.example:80"), proxy(ProxySettings.from(Map.of("all_proxy", "p.example"), null), "https", "ghcr.io", 443),
        "no scheme means http://, no port 80, as Go reads it");
  }

  @Test
  void upperCaseFirstEmptyIsUnsetAndTheFlagWins() {
    ProxySettings s = ProxySettings.from(Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", "http://lower:2"), null);
    assertEquals(Optional.of("upper:1"), proxy(s, "https", "ghcr.io", 443));
    ProxySettings empty = ProxySettings.from(Map.of("HTTPS_PROXY", "", "https_proxy", "http://lower:2"), null);
    assertEquals(Optional.of("lower:2"), proxy(empty, "https", "ghcr.io", 443));
    ProxySettings flag = ProxySettings.from(Map.of("HTTPS_PROXY", "http://env:1", "NO_PROXY", "internal.example"), "http://flag:9");
    assertEquals(Optional.of("flag:9"), proxy(flag, "https", "ghcr.io", 443));
    assertEquals(Optional.of("flag:9"), proxy(flag, "http", "ghcr.io", 80));
    assertEquals(Optional.empty(), proxy(flag, "https", "internal.example", 443), "NO_PROXY still applies to --proxy");
    assertEquals(Optional.empty(), proxy(ProxySettings.DIRECT, "https", "ghcr.io", 443));
  }

  @Test
  void loopbackIsNeverProxied() {
    ProxySettings s = ProxySettings.from(Map.of("ALL_PROXY", "http://p:1"), null);
    for (String host : new String[] {"localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "registry.localhost"}) {
      assertEquals(Optional.empty(), proxy(s, "http", host, 5000), host);
    }
    assertEquals(Optional.of("p:1"), proxy(s, "http", "10.0.0.5", 5000));
  }

  @Test
  void credentialsGoToTheProxyAndAreMasked() {
    ProxyAddress p = ProxySettings.from(Map.of(), "http://alice:s%40cret-proxy-pw@proxy.corp:3128").proxyFor("https", "ghcr.io", 443).orElseThrow();
    assertEquals("proxy.corp:3128", p.toString());
    assertEquals(Optional.of("alice"), p.user());
    assertEquals(Optional.of("s@cret-proxy-pw"), p.password());
    String header = p.authorization().orElseThrow();
    assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("alice:s@cret-proxy-pw".getBytes()), header);
    assertEquals("password **** header ****", Secrets.redact("password s@cret-proxy-pw header " + header.substring(6)));
    assertFalse(p.toString().contains("alice"));
  }

  @Test
  void clashsCopiedProxyLineWorks() {
    // Clash and V2Ray clients copy "export https_proxy=… http_proxy=… all_proxy=socks5://…": the
    // SOCKS entry is never needed then, so it is never read.
    ProxySettings s = ProxySettings.from(Map.of("https_proxy", "http://127.0.0.1:7890", "http_proxy", "http://127.0.0.1:7890",
        "all_proxy", "socks5://127.0.0.1:7890"), null);
    assertEquals(Optional.of("127.0.0.1:7890"), proxy(s, "https", "registry-1.docker.io", 443));
  }

  @Test
  void unusableProxyUrlsAreNamed() {
    assertEquals("--proxy: socks5:// proxies are not supported; give an HTTP proxy (http://host:port), which carries https:// through CONNECT",
        assertThrows(IllegalArgumentException.class, () -> ProxySettings.from(Map.of(), "socks5://p:1080")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ProxySettings.from(Map.of("HTTPS_PROXY", "http://"), null))
        .getMessage().startsWith("HTTPS_PROXY: not a proxy URL"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ProxySettings.from(Map.of("HTTP_PROXY", "http://p:99999"), null))
        .getMessage().startsWith("HTTP_PROXY: "));
  }
}
