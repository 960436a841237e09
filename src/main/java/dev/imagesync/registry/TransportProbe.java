package dev.imagesync.registry;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out, once per run, whether a registry that may use plain HTTP (loopback, or named with
 * --insecure-registry) speaks plain HTTP or TLS: so that on loopback plain HTTP needs no flag
 * while a certificate is still checked, and so that requests to a plain-HTTP registry skip the
 * HTTPS attempts. Shared by all sessions of a run.
 */
public final class TransportProbe {

  private static final Logger LOG = LoggerFactory.getLogger(TransportProbe.class);

  /** What a registry turned out to speak. */
  enum Finding {
    /** TLS with a certificate we trust. */
    TRUSTED_TLS,
    /** TLS with a certificate we do not trust; the message says why. */
    UNTRUSTED_TLS,
    /** Not TLS: plain HTTP (or nothing listening, which the real request will report). */
    PLAIN_HTTP
  }

  record Result(Finding finding, String detail) {}

  private final Map<String, Result> byRegistry = new ConcurrentHashMap<>();

  Result probe(String registry) {
    return byRegistry.computeIfAbsent(registry, TransportProbe::handshake);
  }

  /**
   * One TLS handshake, with the JVM's trust settings (so --ca-cert counts) and host name checks.
   * Not through Jib's client: it retries every I/O error, a failed handshake included, for about
   * fifty seconds, and a failed handshake is exactly what a plain-HTTP registry answers.
   */
  private static Result handshake(String registry) {
    String host = TransportPolicy.hostOf(registry);
    String portText = registry.substring(host.length()).replaceFirst("^:", "");
    int port = portText.isEmpty() ? 443 : Integer.parseInt(portText);
    String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    javax.net.ssl.SSLSocketFactory factory = (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault();
    try (java.net.Socket plain = new java.net.Socket()) {
      plain.connect(new java.net.InetSocketAddress(address, port), 5_000);
      plain.setSoTimeout(5_000);
      try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) factory.createSocket(plain, address, port, false)) {
        javax.net.ssl.SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return new Result(Finding.TRUSTED_TLS, "");
      }
    } catch (SSLException e) {
      return isCertificateProblem(e) ? new Result(Finding.UNTRUSTED_TLS, rootMessage(e)) : new Result(Finding.PLAIN_HTTP, "");
    } catch (IOException | NumberFormatException e) {
      LOG.debug("probing {}: {}", registry, e.toString());
      return new Result(Finding.PLAIN_HTTP, ""); // nothing listening: the real request will say so
    }
  }

  private static boolean isCertificateProblem(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof CertificateException || t instanceof java.security.cert.CertPathValidatorException
          || String.valueOf(t.getMessage()).contains("PKIX path")
          || String.valueOf(t.getMessage()).contains("No subject alternative")) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
