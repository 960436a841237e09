package dev.imagesync.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kinds of keys cosign signs with (ECDSA P-256, RSA, Ed25519), read from PEM as cosign writes them. */
class VerificationKeyTest {

  @TempDir Path tmp;

  private Path pem(KeyPair key) throws Exception {
    Path file = tmp.resolve(key.getPublic().getAlgorithm() + ".pub");
    Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n");
    return file;
  }

  private static byte[] sign(KeyPair key, String algorithm, byte[] payload) throws Exception {
    Signature s = Signature.getInstance(algorithm);
    s.initSign(key.getPrivate());
    s.update(payload);
    return s.sign();
  }

  @Test
  void eachKindVerifiesItsOwnSignatureAndNothingElse() throws Exception {
    byte[] payload = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    Object[][] kinds = {{ec.generateKeyPair(), "SHA256withECDSA"}, {rsa.generateKeyPair(), "SHA256withRSA"},
        {KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), "Ed25519"}};
    for (Object[] kind : kinds) {
      KeyPair pair = (KeyPair) kind[0];
      VerificationKey key = VerificationKey.read(pem(pair));
      byte[] signature = sign(pair, (String) kind[1], payload);
      assertTrue(key.verifies(payload, signature), kind[1].toString());
      assertFalse(key.verifies("{\"critical\":{ }}".getBytes(StandardCharsets.UTF_8), signature), kind[1] + ": a changed payload");
      assertFalse(key.verifies(payload, new byte[] {1, 2, 3}), kind[1] + ": garbage");
      assertEquals(16, key.id().length());
    }
  }

  @Test
  void aFileThatIsNoPublicKeySaysWhatItIs() throws Exception {
    Path file = tmp.resolve("x.pub");
    Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> VerificationKey.read(file)).getMessage().contains("not a PEM public key"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> VerificationKey.read(tmp.resolve("none.pub"))).getMessage().endsWith("no such file"));
  }
}
