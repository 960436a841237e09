package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.Contents;
import dev.imagesync.testing.ForwardProxy;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestKeys;
import dev.imagesync.testing.TestRegistry;
import dev.imagesync.testing.TestSquid;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registries reachable only through an HTTP proxy (their names, {@code *.imagesync.test}, resolve
 * inside the proxy and nowhere else), as from a laptop behind the only way out: copied from and
 * to over plain HTTP (forwarded requests) and over TLS (CONNECT), with the proxy from the
 * variables curl, Go and skopeo read or from --proxy; NO_PROXY and loopback go direct; the proxy's
 * credentials go to the proxy and nowhere else; a proxy that is down fails in bounded time, by name.
 */
@ExtendWith(RegistryExtension.class)
class ProxyIT {

  private static final String PROXY_USER = "proxyuser";
  private static final String PROXY_PASSWORD = "pr0xy-s3cret-pw";

  @TempDir Path tmp;

  private Path list(String... lines) throws IOException {
    Path file = tmp.resolve("images-" + System.nanoTime() + ".md");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  @Test
  void plainHttpRegistriesOnlyReachableThroughTheProxy(TestRegistry sourceRegistry, TestRegistry destinationRegistry) throws IOException {
    Pushed image = new TestImages(new RawRegistry(sourceRegistry)).multiArch("org/app", "1.0", true, "proxy-plain", 2, 2048,
        "linux/amd64", "linux/arm64");
    String source = ForwardProxy.nameFor("source", sourceRegistry.address());
    String destination = ForwardProxy.nameFor("mirror", destinationRegistry.address());
    try (ForwardProxy proxy = new ForwardProxy()) {
      Cli.Run run = Cli.run(List.of(), Map.of("http_proxy", "http://" + proxy.address()),
          "sync", list(source + "/org/app:1.0").toString(), "--to", destination + "/ns",
          "--insecure-registry", source, "--insecure-registry", destination);

      assertEquals(0, run.exitCode(), run.toString());
      assertEquals(1, run.linesStartingWith("copied").size(), run.stdout());
      Contents.assertSameTree(new RawRegistry(sourceRegistry), "org/app", new RawRegistry(destinationRegistry), "ns/app", image.digest());
      assertTrue(proxy.seen().stream().anyMatch(s -> s.target().equals(source)), "the source was reached through the proxy: " + proxy.seen());
      // The proxy logs the first request of each connection: the warm-up's GET /v2/, then what reuses it goes unseen.
      assertTrue(proxy.seen().stream().anyMatch(s -> s.target().equals(destination)), "the destination was reached through the proxy: " + proxy.seen());
      assertTrue(run.stderr().contains("; through proxy " + proxy.address()), "the summary names the proxy: " + run.stderr());
    }
  }

  @Test
  void tlsRegistryThroughConnectWithCredentialsThatNeverShow(TestRegistry sourceRegistry) throws IOException {
    Pushed image = new TestImages(new RawRegistry(sourceRegistry)).single("org/tool", "2", "linux/amd64", "proxy-tls", true);
    TestKeys keys = TestKeys.generate("mirror" + ForwardProxy.DOMAIN, "dns:mirror" + ForwardProxy.DOMAIN + ",ip:127.0.0.1");
    try (TestRegistry tls = TestRegistry.startWithTls(keys); ForwardProxy proxy = new ForwardProxy(PROXY_USER, PROXY_PASSWORD)) {
      String source = ForwardProxy.nameFor("source", sourceRegistry.address());
      String destination = ForwardProxy.nameFor("mirror", tls.address());
      Path report = tmp.resolve("report.json");
      Cli.Run run = Cli.run(List.of(), Map.of(), "sync", list(source + "/org/tool:2").toString(), "--to", destination + "/ns",
          "--insecure-registry", source, "--ca-cert", keys.certificatePem().toString(),
          "--proxy", "http://" + PROXY_USER + ":" + PROXY_PASSWORD + "@" + proxy.address(), "--log-level", "trace", "--report", report.toString());

      assertEquals(0, run.exitCode(), run.toString());
      assertArrayEquals(image.bytes(), RawRegistry.overTls(tls.address()).getManifest("ns/tool", "2").orElseThrow().bytes());
      assertTrue(proxy.seen().stream().anyMatch(s -> s.method().equals("CONNECT") && s.target().equals(destination) && s.authorized()),
          "https went through an authorized CONNECT tunnel: " + proxy.seen());
      assertEquals(0, proxy.refusals(), "the credentials went with the first CONNECT: " + proxy.seen());
      assertTrue(proxy.seen().stream().anyMatch(s -> !s.method().equals("CONNECT") && s.target().equals(source) && s.authorized()),
          "plain http carried the credentials from its first request: " + proxy.seen());
      String everything = run.stdout() + run.stderr() + Files.readString(report);
      assertFalse(everything.contains(PROXY_PASSWORD), "the proxy password leaked");
      String basic = Base64.getEncoder().encodeToString((PROXY_USER + ":" + PROXY_PASSWORD).getBytes(StandardCharsets.UTF_8));
      assertFalse(everything.contains(basic), "the Proxy-Authorization value leaked");
      assertTrue(run.stderr().contains("(via proxy " + proxy.address() + ")"), "trace really showed proxied requests");
      assertTrue(run.stderr().contains("; through proxy " + proxy.address()), run.stderr());
    }
  }

  @Test
  void aProxyThatClosesAfterItsRefusalIsNeverRefused(TestRegistry sourceRegistry) throws IOException {
    Pushed image = new TestImages(new RawRegistry(sourceRegistry)).single("org/tool", "5", "linux/amd64", "proxy-closing", true);
    TestKeys keys = TestKeys.generate("mirror" + ForwardProxy.DOMAIN, "dns:mirror" + ForwardProxy.DOMAIN + ",ip:127.0.0.1");
    try (TestRegistry tls = TestRegistry.startWithTls(keys);
        ForwardProxy proxy = new ForwardProxy(PROXY_USER, PROXY_PASSWORD).closingAfterRefusal()) {
      String destination = ForwardProxy.nameFor("mirror", tls.address());
      Cli.Run run = Cli.run(List.of(), Map.of("HTTPS_PROXY", "http://" + PROXY_USER + ":" + PROXY_PASSWORD + "@" + proxy.address()),
          "sync", list(sourceRegistry.address() + "/org/tool:5").toString(), "--to", destination + "/ns", "--ca-cert", keys.certificatePem().toString());

      assertEquals(0, run.exitCode(), run.toString());
      assertArrayEquals(image.bytes(), RawRegistry.overTls(tls.address()).getManifest("ns/tool", "5").orElseThrow().bytes());
      assertEquals(0, proxy.refusals(), proxy.seen().toString());
    }
  }

  @Test
  void squidWithCredentialsInTheUrlRefusesNothing(TestRegistry sourceRegistry) throws IOException {
    new TestImages(new RawRegistry(sourceRegistry)).multiArch("org/multi", "7", true, "squid", 2, 4096, "linux/amd64", "linux/arm64");
    TestKeys keys = TestKeys.generate("mirror" + ForwardProxy.DOMAIN, "dns:mirror" + ForwardProxy.DOMAIN + ",ip:127.0.0.1");
    try (TestRegistry tls = TestRegistry.startWithTls(keys);
        TestSquid squid = TestSquid.start(PROXY_USER, PROXY_PASSWORD, List.of("mirror" + ForwardProxy.DOMAIN))) {
      String destination = ForwardProxy.nameFor("mirror", tls.address());
      Cli.Run run = Cli.run(List.of(), Map.of("HTTPS_PROXY", "http://" + PROXY_USER + ":" + PROXY_PASSWORD + "@" + squid.address()),
          "sync", list(sourceRegistry.address() + "/org/multi:7").toString(), "--to", destination + "/ns", "--ca-cert", keys.certificatePem().toString());

      assertEquals(0, run.exitCode(), run.toString());
      assertTrue(run.stderr().contains("; through proxy " + squid.address()), run.stderr());
      List<String> log = squid.accessLog();
      assertTrue(log.stream().anyMatch(l -> l.contains("TCP_TUNNEL/200") && l.contains("CONNECT " + destination)), String.join("\n", log));
      assertEquals(0, squid.refusals(), "no CONNECT was first refused: " + String.join("\n", log));
    }
  }

  @Test
  void aWrongProxyPasswordIsOneLineAndNotRetried(TestRegistry sourceRegistry) throws IOException {
    new TestImages(new RawRegistry(sourceRegistry)).single("org/tool", "6", "linux/amd64", "proxy-wrong", true);
    TestKeys keys = TestKeys.generate("mirror" + ForwardProxy.DOMAIN, "dns:mirror" + ForwardProxy.DOMAIN + ",ip:127.0.0.1");
    try (TestRegistry tls = TestRegistry.startWithTls(keys); ForwardProxy proxy = new ForwardProxy(PROXY_USER, PROXY_PASSWORD)) {
      String destination = ForwardProxy.nameFor("mirror", tls.address());
      Cli.Run run = Cli.run(List.of(), Map.of(), "sync", list(sourceRegistry.address() + "/org/tool:6").toString(), "--to", destination + "/ns",
          "--ca-cert", keys.certificatePem().toString(), "--proxy", "http://" + PROXY_USER + ":not-the-password@" + proxy.address(),
          "--retries", "3", "--retry-delay", "0.2");

      assertEquals(1, run.exitCode(), run.toString());
      String failed = run.linesStartingWith("failed").get(0);
      assertTrue(failed.endsWith("proxy " + proxy.address() + " refused the credentials (407)"), failed);
      assertFalse(run.stderr().contains("trying again"), "a refused password is not retried: " + run.stderr());
      assertFalse(run.stdout().contains("internal error") || run.stderr().contains("internal error"), run.toString());
      assertFalse((run.stdout() + run.stderr()).contains("not-the-password"), "the password leaked");
      assertTrue(proxy.seen().size() <= 3, "no retries at the proxy: " + proxy.seen());
    }
  }

  /**
   * A plain-HTTP registry behind a proxy that refuses the password — squid (which then asked
   * HttpClient for a scheme it had none for: "AuthScheme is null"), and a proxy that closes the
   * connection after its 407 (then an "unknown host") — is the same one line as for a tunnel.
   */
  @Test
  void aWrongProxyPasswordForAPlainHttpRegistryIsTheSameOneLine(TestRegistry sourceRegistry) throws IOException {
    new TestImages(new RawRegistry(sourceRegistry)).single("org/tool", "8", "linux/amd64", "proxy-plain-wrong", true);
    String source = ForwardProxy.nameFor("source", sourceRegistry.address());
    try (TestSquid squid = TestSquid.start(PROXY_USER, PROXY_PASSWORD, List.of(source.substring(0, source.indexOf(':'))));
        ForwardProxy closing = new ForwardProxy(PROXY_USER, PROXY_PASSWORD).closingAfterRefusal()) {
      for (String proxy : List.of(squid.address(), closing.address())) {
        Cli.Run run = Cli.run(List.of(), Map.of("http_proxy", "http://" + PROXY_USER + ":not-the-password@" + proxy),
            "copy", source + "/org/tool:8", sourceRegistry.address() + "/copy/tool:8", "--insecure-registry", source, "--retries", "2",
            "--retry-delay", "0.2");

        assertEquals(1, run.exitCode(), run.toString());
        String failed = run.linesStartingWith("failed").get(0);
        assertTrue(failed.endsWith("proxy " + proxy + " refused the credentials (407)"), failed);
        assertFalse((run.stdout() + run.stderr()).contains("internal error") || (run.stdout() + run.stderr()).contains("unknown host"), run.toString());
        assertFalse((run.stdout() + run.stderr()).contains("not-the-password"), "the password leaked");
      }
    }
  }

  @Test
  void noProxyAndLoopbackGoDirect(TestRegistry sourceRegistry, TestRegistry destinationRegistry) throws IOException {
    new TestImages(new RawRegistry(sourceRegistry)).single("org/app", "3", "linux/amd64", "proxy-bypass", true);
    String destination = ForwardProxy.nameFor("mirror", destinationRegistry.address());
    try (ForwardProxy proxy = new ForwardProxy()) {
      // The source is on loopback: never proxied. The destination's name matches NO_PROXY, so it is
      // looked up directly, where it does not exist.
      Cli.Run run = Cli.run(List.of(), Map.of("HTTP_PROXY", proxy.address(), "HTTPS_PROXY", proxy.address(), "NO_PROXY", "example.org, .imagesync.test"),
          "sync", list(sourceRegistry.address() + "/org/app:3").toString(), "--to", destination + "/ns",
          "--insecure-registry", destination, "--retries", "0");

      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(run.stdout().contains("unknown host " + destination), run.stdout());
      assertEquals(List.of(), proxy.seen(), "nothing went through the proxy");
      assertFalse(run.stderr().contains("through proxy"), run.stderr());
    }
  }

  @Test
  void aProxyThatIsDownFailsInBoundedTimeAndIsNamed(TestRegistry sourceRegistry) throws IOException {
    new TestImages(new RawRegistry(sourceRegistry)).single("org/app", "4", "linux/amd64", "proxy-down", true);
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String source = ForwardProxy.nameFor("source", sourceRegistry.address());
    long start = System.nanoTime();
    Cli.Run run = Cli.run(List.of(), Map.of("ALL_PROXY", "http://127.0.0.1:" + closedPort),
        "copy", source + "/org/app:4", ForwardProxy.nameFor("mirror", sourceRegistry.address()) + "/ns/app",
        "--insecure-registry", source, "--retries", "2", "--retry-delay", "0.2");
    double seconds = (System.nanoTime() - start) / 1e9;

    assertEquals(1, run.exitCode(), run.toString());
    String failed = run.linesStartingWith("failed").get(0);
    assertTrue(failed.contains("proxy 127.0.0.1:" + closedPort + " cannot be reached"), failed);
    assertTrue(seconds < 30, "bounded: " + seconds + " s");
  }
}
