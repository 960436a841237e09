package dev.imagesync.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * {@code --ca-cert FILE}: trust a private CA (or a registry's own certificate) in addition to the
 * JDK's. Jib's transport builds its TLS context from the JVM's system trust settings, so this
 * writes a trust store holding both and points those settings at it, before any connection.
 */
public final class TrustedCertificates {

  private TrustedCertificates() {}

  /** Adds every certificate of the PEM bundle {@code pem}; returns how many. */
  public static int install(Path pem) throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pem)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate in " + pem);
    }
    String current = System.getProperty("javax.net.ssl.trustStore", Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toString());
    char[] password = System.getProperty("javax.net.ssl.trustStorePassword", "changeit").toCharArray();
    KeyStore store = KeyStore.getInstance(new java.io.File(current), password);
    int i = 0;
    for (Certificate c : certificates) {
      store.setCertificateEntry("imagesync-ca-" + i++, c);
    }
    Path file = Files.createTempFile("imagesync-truststore", ".p12");
    file.toFile().deleteOnExit();
    KeyStore copy = KeyStore.getInstance("PKCS12");
    copy.load(null, null);
    for (String alias : java.util.Collections.list(store.aliases())) {
      if (store.isCertificateEntry(alias)) {
        copy.setCertificateEntry(alias, store.getCertificate(alias));
      }
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      copy.store(out, "changeit".toCharArray());
    }
    System.setProperty("javax.net.ssl.trustStore", file.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    return certificates.size();
  }
}
