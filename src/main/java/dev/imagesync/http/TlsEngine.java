package dev.imagesync.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which implementation speaks TLS. BoringSSL, through Conscrypt, where its native library loads
 * (Linux, macOS and Windows on x86-64): it encrypts at native speed from the first byte, where the
 * JVM's own (JSSE) spends a short run in interpreted and quick-JIT AES-GCM (measured: 192 MB
 * between two TLS registries on loopback through the launcher, 5.8 s with JSSE, 1.5 s with
 * Conscrypt, 1.4 s over plain HTTP). Elsewhere (ARM machines), or with {@code IMAGESYNC_TLS=jdk},
 * the JVM's own. Whom to trust is decided by the JVM's trust managers either way ({@link TlsTrust}).
 */
public enum TlsEngine {
  /** Conscrypt (BoringSSL). */
  NATIVE,
  /** The JVM's own TLS (JSSE). */
  JDK;

  private static final Logger LOG = LoggerFactory.getLogger(TlsEngine.class);
  /** The variable that picks the JVM's own TLS ({@code jdk}) over the native one. */
  public static final String VARIABLE = "IMAGESYNC_TLS";

  private static volatile Provider conscrypt;

  /** The engine {@code IMAGESYNC_TLS} asks for ({@code jdk}, or {@code native}: the default). */
  public static TlsEngine fromEnvironment(Map<String, String> env) {
    String asked = env.getOrDefault(VARIABLE, "").strip().toLowerCase(Locale.ROOT);
    return asked.equals("jdk") || asked.equals("jsse") ? JDK : NATIVE;
  }

  /**
   * The engine connections really use: {@link #NATIVE} falls back to {@link #JDK} on a machine
   * Conscrypt has no native library for.
   */
  public TlsEngine available() {
    return this == NATIVE && conscrypt() == null ? JDK : this;
  }

  /** A client context of this engine (or the JVM's, where the native one cannot load) trusting {@code trust}. */
  SSLContext context(TrustManager[] trust) throws GeneralSecurityException {
    Provider provider = this == NATIVE ? conscrypt() : null;
    if (provider == null) {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust, null);
      return tls;
    }
    TrustManager[] adapted = new TrustManager[trust.length];
    for (int i = 0; i < trust.length; i++) {
      adapted[i] = trust[i] instanceof X509ExtendedTrustManager x ? new Tls13AuthType(x) : trust[i];
    }
    SSLContext tls = SSLContext.getInstance("TLS", provider);
    tls.init(null, adapted, null);
    return tls;
  }

  /** Conscrypt's provider, or null where its native library does not load (tried once). */
  private static Provider conscrypt() {
    Provider p = conscrypt;
    if (p == null) {
      synchronized (TlsEngine.class) {
        if (conscrypt == null) {
          NativeLibraryKeeper.keep();
          try {
            conscrypt = org.conscrypt.Conscrypt.isAvailable() ? org.conscrypt.Conscrypt.newProvider() : NONE;
          } catch (Throwable e) { // a missing or foreign native library: UnsatisfiedLinkError and friends
            conscrypt = NONE;
          }
          if (conscrypt == NONE) {
            LOG.debug("native TLS (Conscrypt) is not available on {}/{}: using the JVM's", System.getProperty("os.name"), System.getProperty("os.arch"));
          }
        }
        p = conscrypt;
      }
    }
    return p == NONE ? null : p;
  }

  /** Stands for "tried, not available". */
  private static final Provider NONE = new Provider("none", "0", "no native TLS") {};

  /**
   * The JVM's trust managers for a Conscrypt connection. In TLS 1.3 the key exchange no longer
   * names an authentication type: Conscrypt says {@code GENERIC}, which the JVM's certificate
   * check does not know (it fails with "Unknown authType"); the JVM's own TLS says {@code UNKNOWN}
   * for the same case, and that is what the check is given. Everything else — the chain, the
   * host name ({@code HTTPS} endpoint identification on the socket) — is checked as it is.
   */
  static final class Tls13AuthType extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager jvm;

    Tls13AuthType(X509ExtendedTrustManager jvm) {
      this.jvm = jvm;
    }

    static String authType(String conscrypts) {
      return "GENERIC".equals(conscrypts) ? "UNKNOWN" : conscrypts;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      jvm.checkServerTrusted(chain, authType(authType), socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      jvm.checkServerTrusted(chain, authType(authType), engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      jvm.checkServerTrusted(chain, authType(authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      jvm.checkClientTrusted(chain, authType(authType), socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      jvm.checkClientTrusted(chain, authType(authType), engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      jvm.checkClientTrusted(chain, authType(authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return jvm.getAcceptedIssuers();
    }
  }
}
