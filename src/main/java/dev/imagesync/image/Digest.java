package dev.imagesync.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:4f3e...}: the identity of a blob or manifest. */
public record Digest(String algorithm, String hex) {

  private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512_HEX = Pattern.compile("[a-f0-9]{128}");

  public Digest {
    boolean ok =
        ("sha256".equals(algorithm) && SHA256_HEX.matcher(hex).matches())
            || ("sha512".equals(algorithm) && SHA512_HEX.matcher(hex).matches());
    if (!ok) {
      throw new IllegalArgumentException("not a valid digest: " + algorithm + ":" + hex);
    }
  }

  /** Parses {@code sha256:<64 hex>}; throws {@link IllegalArgumentException} with a readable message. */
  public static Digest parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("not a valid digest (expected sha256:<64 hex digits>): " + text);
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  public static boolean isDigest(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The sha256 digest of {@code bytes}. */
  public static Digest sha256(byte[] bytes) {
    return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(bytes)));
  }

  /** The digest of {@code bytes} under this digest's own algorithm. */
  public boolean matches(byte[] bytes) {
    return HexFormat.of().formatHex(newHasher().digest(bytes)).equals(hex);
  }

  /** A fresh hash of this digest's algorithm, to compute a stream's digest as it goes by. */
  public MessageDigest newHasher() {
    try {
      return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /** The first 12 hex digits, as docker prints short ids. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
