package dev.imagesync.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A public key signatures are verified with, as cosign writes one ({@code cosign.pub}: PEM, {@code
 * PUBLIC KEY}, SubjectPublicKeyInfo): ECDSA (P-256 with SHA-256, cosign's default), RSA (PKCS #1
 * v1.5 with SHA-256) or Ed25519, as cosign allows. Its id is the SHA-256 of its DER encoding, as
 * hex, cut to 16 digits for lines and records.
 */
public record VerificationKey(String name, PublicKey key, String id) {

  /** Reads a PEM public key; an IllegalArgumentException says what is wrong with the file. */
  public static VerificationKey read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read it (" + e.getMessage() + ")");
    }
    int begin = text.indexOf("-----BEGIN PUBLIC KEY-----");
    int end = text.indexOf("-----END PUBLIC KEY-----");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(file + ": not a PEM public key (-----BEGIN PUBLIC KEY-----), as cosign generate-key-pair writes it");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": its PEM body is not base64");
    }
    PublicKey key = publicKey(der).orElseThrow(() ->
        new IllegalArgumentException(file + ": a public key of a kind cosign does not sign with (ECDSA, RSA or Ed25519)"));
    return new VerificationKey(file.getFileName().toString(), key, HexFormat.of().formatHex(Digest.newSha256().digest(der)).substring(0, 16));
  }

  /** A SubjectPublicKeyInfo (DER) of a kind sigstore signs with — ECDSA, RSA, Ed25519 — or empty. */
  public static java.util.Optional<PublicKey> publicKey(byte[] der) {
    for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return java.util.Optional.of(KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der)));
      } catch (GeneralSecurityException e) {
        // not this kind: try the next
      }
    }
    return java.util.Optional.empty();
  }

  /** Whether {@code signature} (cosign's raw bytes: DER for ECDSA) is this key's over {@code payload}. */
  public boolean verifies(byte[] payload, byte[] signature) {
    return verifies(key, payload, signature);
  }

  /** Whether {@code signature} is {@code key}'s over {@code data}, with SHA-256 as sigstore signs (ECDSA, RSA PKCS #1 v1.5, Ed25519). */
  public static boolean verifies(PublicKey key, byte[] data, byte[] signature) {
    String algorithm = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> "Ed25519";
    };
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false; // a malformed signature verifies nothing
    }
  }

  @Override
  public String toString() {
    return name + " (" + id + ")";
  }
}
