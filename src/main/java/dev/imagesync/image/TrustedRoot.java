package dev.imagesync.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Sigstore's trusted root ({@code trusted_root.json}, sigstore/protobuf-specs' TrustedRoot, what
 * {@code cosign trusted-root create} and Sigstore's TUF repository hand out): the certificate
 * authorities that issue signing certificates (Fulcio), each a chain whose last certificate is the
 * root, and the transparency logs' public keys (Rekor), by log id (the SHA-256 of the key). What
 * keyless verification trusts, offline.
 */
public record TrustedRoot(String name, List<List<X509Certificate>> authorities, Map<String, PublicKey> logs) {

  /** Reads one; an IllegalArgumentException says what is wrong with the file. */
  public static TrustedRoot read(Path file) {
    JsonNode json;
    try {
      json = Json.mapper().readTree(Files.readAllBytes(file));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not a trusted root (" + e.getMessage() + ")");
    }
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      List<List<X509Certificate>> authorities = new ArrayList<>();
      for (JsonNode ca : json.path("certificateAuthorities")) {
        List<X509Certificate> chain = new ArrayList<>();
        for (JsonNode c : ca.path("certChain").path("certificates")) {
          chain.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(c.path("rawBytes").asText()))));
        }
        if (!chain.isEmpty()) {
          authorities.add(List.copyOf(chain));
        }
      }
      Map<String, PublicKey> logs = new HashMap<>();
      for (JsonNode log : json.path("tlogs")) {
        byte[] der = Base64.getDecoder().decode(log.path("publicKey").path("rawBytes").asText());
        java.util.Optional<PublicKey> key = VerificationKey.publicKey(der);
        if (key.isPresent()) {
          logs.put(HexFormat.of().formatHex(Digest.newSha256().digest(der)), key.get());
        }
      }
      if (authorities.isEmpty() || logs.isEmpty()) {
        throw new IllegalArgumentException(file + ": a trusted root names certificate authorities and transparency logs; this one lacks "
            + (authorities.isEmpty() ? "certificateAuthorities" : "tlogs"));
      }
      return new TrustedRoot(file.getFileName().toString(), List.copyOf(authorities), Map.copyOf(logs));
    } catch (java.security.GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith(file.toString())) {
        throw iae;
      }
      throw new IllegalArgumentException(file + ": not a trusted root (" + e.getMessage() + ")");
    }
  }
}
