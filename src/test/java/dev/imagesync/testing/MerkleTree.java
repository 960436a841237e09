package dev.imagesync.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A transparency log's Merkle tree, as RFC 6962 2.1 defines it (and RFC 9162 keeps): the tree
 * hash of a list of leaves, the audit path of one of them, and the checkpoint a log signs of it —
 * for tests to make inclusion proofs the way a log does, independently of how imagesync checks them.
 */
public final class MerkleTree {

  private MerkleTree() {}

  /** MTH(D[n]). */
  public static byte[] root(List<byte[]> leaves) {
    if (leaves.size() == 1) {
      return hash((byte) 0, leaves.get(0));
    }
    int k = split(leaves.size());
    return hash((byte) 1, root(leaves.subList(0, k)), root(leaves.subList(k, leaves.size())));
  }

  /** PATH(m, D[n]): the hashes from leaf m's sibling up to the root's children, leaf side first. */
  public static List<byte[]> path(int m, List<byte[]> leaves) {
    List<byte[]> path = new ArrayList<>();
    if (leaves.size() <= 1) {
      return path;
    }
    int k = split(leaves.size());
    if (m < k) {
      path.addAll(path(m, leaves.subList(0, k)));
      path.add(root(leaves.subList(k, leaves.size())));
    } else {
      path.addAll(path(m - k, leaves.subList(k, leaves.size())));
      path.add(root(leaves.subList(0, k)));
    }
    return path;
  }

  /**
   * A log's checkpoint of a tree (C2SP tlog-checkpoint, a signed note): origin, size, root hash in
   * base64, a blank line, and a signature line — {@code — rekor.test BASE64(keyHint || signature)}
   * — by {@code key} (ECDSA P-256) over the text up to the blank line.
   */
  public static String checkpoint(java.security.PrivateKey key, byte[] keyHint, long size, byte[] root) {
    String text = "rekor.test - 1\n" + size + "\n" + java.util.Base64.getEncoder().encodeToString(root) + "\n";
    try {
      java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
      s.initSign(key);
      s.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      byte[] signature = s.sign();
      byte[] hinted = new byte[4 + signature.length];
      System.arraycopy(keyHint, 0, hinted, 0, 4);
      System.arraycopy(signature, 0, hinted, 4, signature.length);
      return text + "\n\u2014 rekor.test " + java.util.Base64.getEncoder().encodeToString(hinted) + "\n";
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The largest power of two smaller than n. */
  private static int split(int n) {
    int k = 1;
    while (k << 1 < n) {
      k <<= 1;
    }
    return k;
  }

  private static byte[] hash(byte prefix, byte[]... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(prefix);
      for (byte[] part : parts) {
        sha.update(part);
      }
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
