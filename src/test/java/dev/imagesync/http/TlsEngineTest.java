package dev.imagesync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.imagesync.testing.TestKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both TLS engines against a real TLS server: a certificate trusted through {@code --ca-cert} is
 * taken; one for another name, or one nobody trusts, is refused — the native engine checks the
 * same things as the JVM's.
 */
class TlsEngineTest {

  private static TestKeys forLoopback;
  private static TestKeys forAnotherName;
  private static HttpsServer rightName;
  private static HttpsServer wrongName;

  @BeforeAll
  static void start() throws Exception {
    forLoopback = TestKeys.generate("imagesync-tls-test", "ip:127.0.0.1");
    forAnotherName = TestKeys.generate("imagesync-tls-test", "dns:registry.elsewhere.example");
    rightName = server(forLoopback);
    wrongName = server(forAnotherName);
  }

  @AfterAll
  static void stop() {
    rightName.stop(0);
    wrongName.stop(0);
  }

  private static HttpsServer server(TestKeys keys) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("k", keys.key(), new char[0], new Certificate[] {keys.certificate()});
    KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    km.init(store, new char[0]);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(km.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/v2/", exchange -> {
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static int get(TlsEngine engine, TestKeys trusted, HttpsServer server) throws IOException {
    TlsTrust trust = new TlsTrust(trusted == null ? List.of() : List.of(trusted.certificate()), authority -> false, engine);
    try (HttpClientTransport http = new HttpClientTransport(new HttpClientTransport.Options(2, Duration.ofSeconds(5), trust, ProxySettings.DIRECT))) {
      Response response = http.send(Request.of("GET", URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/v2/")));
      response.discard();
      return response.status();
    }
  }

  @ParameterizedTest
  @EnumSource(TlsEngine.class)
  void aCertificateTrustedThroughCaCertIsTaken(TlsEngine engine) throws IOException {
    assertEquals(200, get(engine, forLoopback, rightName));
  }

  @ParameterizedTest
  @EnumSource(TlsEngine.class)
  void aTrustedCertificateForAnotherNameIsRefused(TlsEngine engine) {
    SSLException e = assertThrows(SSLException.class, () -> get(engine, forAnotherName, wrongName));
    assertTrue(String.valueOf(e.getMessage()).contains("127.0.0.1") || String.valueOf(e.getCause()).contains("127.0.0.1"), e.toString());
  }

  @ParameterizedTest
  @EnumSource(TlsEngine.class)
  void aCertificateNobodyTrustsIsRefused(TlsEngine engine) {
    assertThrows(SSLException.class, () -> get(engine, null, rightName));
  }

  @org.junit.jupiter.api.Test
  void theNativeEngineRunsWhereConscryptHasALibraryAndTheJvmsElsewhere() throws Exception {
    boolean x86 = List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
    boolean hasLibrary = x86 && (os.contains("linux") || os.contains("mac") || os.contains("windows"));
    assertEquals(hasLibrary ? TlsEngine.NATIVE : TlsEngine.JDK, TlsEngine.NATIVE.available());
    assertEquals(hasLibrary ? "Conscrypt" : "SunJSSE", TlsEngine.NATIVE.context(new javax.net.ssl.TrustManager[0]).getProvider().getName());
    assertEquals("SunJSSE", TlsEngine.JDK.context(new javax.net.ssl.TrustManager[0]).getProvider().getName());
  }

  @org.junit.jupiter.api.Test
  void imagesyncTlsJdkPicksTheJvmsOwn() {
    assertEquals(TlsEngine.JDK, TlsEngine.fromEnvironment(Map.of("IMAGESYNC_TLS", "jdk")));
    assertEquals(TlsEngine.JDK, TlsEngine.fromEnvironment(Map.of("IMAGESYNC_TLS", " JSSE ")));
    assertEquals(TlsEngine.NATIVE, TlsEngine.fromEnvironment(Map.of("IMAGESYNC_TLS", "native")));
    assertEquals(TlsEngine.NATIVE, TlsEngine.fromEnvironment(Map.of()));
  }

  @org.junit.jupiter.api.Test
  void tls13sGenericAuthTypeReachesTheJvmsCheckAsUnknown() {
    assertEquals("UNKNOWN", TlsEngine.Tls13AuthType.authType("GENERIC"));
    assertEquals("ECDHE_RSA", TlsEngine.Tls13AuthType.authType("ECDHE_RSA"));
  }
}
