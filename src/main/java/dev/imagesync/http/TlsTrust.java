package dev.imagesync.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Whom TLS trusts: what the JVM trusts plus the certificates of {@code --ca-cert}, in an
 * SSLContext of our own (the JVM's settings are left alone); and, for the hosts named insecure,
 * anyone. The contexts are made on the first TLS connection, so a run that speaks only plain HTTP
 * never pays for them; they are {@link TlsEngine}'s (native TLS where it runs).
 */
public final class TlsTrust {

  private final List<X509Certificate> extra;
  private final Predicate<String> insecure;
  private final TlsEngine engine;
  private volatile SSLSocketFactory verified;
  private volatile SSLSocketFactory unverified;
  private final java.util.concurrent.atomic.AtomicBoolean preparing = new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * {@code extra}: certificates trusted besides the JVM's; {@code insecure}: given {@code host} or
   * {@code host:port}, whether its certificate goes unchecked; {@code engine}: who speaks TLS.
   */
  public TlsTrust(List<X509Certificate> extra, Predicate<String> insecure, TlsEngine engine) {
    this.extra = List.copyOf(extra);
    this.insecure = insecure;
    this.engine = engine;
  }

  /** With the engine the environment asks for ({@link TlsEngine#VARIABLE}). */
  public TlsTrust(List<X509Certificate> extra, Predicate<String> insecure) {
    this(extra, insecure, TlsEngine.fromEnvironment(System.getenv()));
  }

  public static TlsTrust system() {
    return new TlsTrust(List.of(), authority -> false);
  }

  /** Every certificate of a PEM bundle. */
  public static List<X509Certificate> readPem(Path pem) throws IOException, GeneralSecurityException {
    List<X509Certificate> certificates = new ArrayList<>();
    try (InputStream in = Files.newInputStream(pem)) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) c);
      }
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate in " + pem);
    }
    return certificates;
  }

  /** Whether connections to {@code host}:{@code port} skip certificate checks. */
  boolean isInsecure(String host, int port) {
    return insecure.test(host + ":" + port) || insecure.test(host);
  }

  /** Whether certificates were given to trust (--ca-cert): a registry is going to speak TLS. */
  public boolean hasExtraCertificates() {
    return !extra.isEmpty();
  }

  /**
   * Sets up verified TLS now, on a thread of its own: the trusted certificates read, the native
   * engine's library loaded (tens of milliseconds that would otherwise delay the first connection).
   * Once per run: asked again, it does nothing.
   */
  public void prepareInBackground() {
    if (!preparing.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(() -> {
      try {
        verified();
      } catch (RuntimeException e) {
        // the first connection meets it again and reports it
      }
    }, "imagesync-tls-setup");
    t.setDaemon(true);
    t.start();
  }

  SSLSocketFactory factoryFor(String host, int port) {
    return isInsecure(host, port) ? unverified() : verified();
  }

  private SSLSocketFactory verified() {
    SSLSocketFactory f = verified;
    if (f == null) {
      synchronized (this) {
        if (verified == null) {
          verified = context(extra.isEmpty() ? jvmTrust() : trustingAlso(extra)).getSocketFactory();
        }
        f = verified;
      }
    }
    return f;
  }

  private SSLSocketFactory unverified() {
    SSLSocketFactory f = unverified;
    if (f == null) {
      synchronized (this) {
        if (unverified == null) {
          unverified = context(new TrustManager[] {new TrustEverything()}).getSocketFactory();
        }
        f = unverified;
      }
    }
    return f;
  }

  private SSLContext context(TrustManager[] trust) {
    try {
      return engine.context(trust);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** The trust managers of the JVM's trusted certificates. */
  static TrustManager[] jvmTrust() {
    try {
      TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      system.init((KeyStore) null);
      return system.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** Trust managers for the JVM's trusted certificates and {@code also}, in one store. */
  private static TrustManager[] trustingAlso(List<X509Certificate> also) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (TrustManager tm : jvmTrust()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            store.setCertificateEntry("jvm-" + i++, c);
          }
        }
      }
      for (X509Certificate c : also) {
        store.setCertificateEntry("ca-cert-" + i++, c);
      }
      TrustManagerFactory both = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      both.init(store);
      return both.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS with --ca-cert: " + e.getMessage(), e);
    }
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
