package dev.imagesync.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A fresh RSA key and self-signed certificate made with the JDK's keytool, also written as PEM files. */
public record TestKeys(PrivateKey key, X509Certificate certificate, Path certificatePem, Path keyPem) {

  /** {@code san} such as {@code ip:127.0.0.1}, or null for none. */
  public static TestKeys generate(String commonName, String san) {
    try {
      Path dir = Files.createTempDirectory("imagesync-keys");
      Path keystore = dir.resolve("keys.p12");
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
          "-genkeypair", "-alias", "k", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + commonName, "-validity", "2",
          "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"));
      if (san != null) {
        command.addAll(List.of("-ext", "SAN=" + san));
      }
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool failed: " + out);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(keystore)) {
        ks.load(in, "changeit".toCharArray());
      }
      PrivateKey key = (PrivateKey) ks.getKey("k", "changeit".toCharArray());
      X509Certificate cert = (X509Certificate) ks.getCertificate("k");
      Path certPem = dir.resolve("cert.pem");
      Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
      Path keyPem = dir.resolve("key.pem");
      Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
      return new TestKeys(key, cert, certPem, keyPem);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make test keys: " + e, e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
