package dev.imagesync.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A transparency log's proof that an entry is in its tree, as a sigstore bundle carries it
 * ({@code tlogEntries[].inclusionProof}): the entry's index in the tree, the tree's size and root
 * hash, the hashes on the path from the entry's leaf to the root (RFC 9162 2.1.3), and the log's
 * checkpoint — a signed note (C2SP tlog-checkpoint) naming that size and root. Checked offline: the
 * path from the leaf, {@code SHA-256(0x00 || entry body)}, leads to the root; the checkpoint names
 * the same size and root; and a log of the trusted root signed the checkpoint.
 */
public record InclusionProof(long index, long treeSize, byte[] rootHash, List<byte[]> hashes, String checkpoint) {

  /** From a bundle's tlog entry; empty when it carries no inclusion proof (or not a readable one). */
  public static Optional<InclusionProof> fromBundle(JsonNode entry) {
    JsonNode proof = entry.path("inclusionProof");
    if (proof.isMissingNode() || proof.isNull()) {
      return Optional.empty();
    }
    try {
      List<byte[]> hashes = new ArrayList<>();
      for (JsonNode h : proof.path("hashes")) {
        hashes.add(Base64.getDecoder().decode(h.asText()));
      }
      return Optional.of(new InclusionProof(Long.parseLong(proof.path("logIndex").asText("-1")), Long.parseLong(proof.path("treeSize").asText("0")),
          Base64.getDecoder().decode(proof.path("rootHash").asText("")), List.copyOf(hashes), proof.path("checkpoint").path("envelope").asText("")));
    } catch (IllegalArgumentException e) {
      return Optional.of(new InclusionProof(-1, 0, new byte[0], List.of(), "")); // present but unreadable: holds for nothing
    }
  }

  /** {@link #includes(byte[])} for the entry's body as a bundle gives it (base64); false when it is not base64. */
  public boolean includes(String encodedBody) {
    try {
      return includes(Base64.getDecoder().decode(encodedBody));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether the path from the leaf of {@code body} (the entry's canonicalized body) leads to the root hash (RFC 9162 2.1.3.2). */
  public boolean includes(byte[] body) {
    if (index < 0 || index >= treeSize || rootHash.length != 32) {
      return false;
    }
    long fn = index;
    long sn = treeSize - 1;
    byte[] r = hash((byte) 0, body);
    for (byte[] p : hashes) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = hash((byte) 1, p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = hash((byte) 1, r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, rootHash);
  }

  /**
   * Whether the checkpoint names this proof's tree (its second and third lines: the size, the root
   * hash in base64) and one of {@code logs} signed it: a signature line ({@code — NAME
   * BASE64(KEYHASH4 || SIGNATURE)}) that verifies over the note's text, up to and including the
   * newline before the blank line.
   */
  public boolean checkpointSignedBy(Collection<PublicKey> logs) {
    int blank = checkpoint.indexOf("\n\n");
    if (blank < 0) {
      return false;
    }
    String text = checkpoint.substring(0, blank + 1);
    String[] lines = text.split("\n");
    if (lines.length < 3 || !lines[1].equals(Long.toString(treeSize)) || !lines[2].equals(Base64.getEncoder().encodeToString(rootHash))) {
      return false;
    }
    byte[] signed = text.getBytes(StandardCharsets.UTF_8);
    for (String line : checkpoint.substring(blank + 2).split("\n")) {
      if (!line.startsWith("\u2014 ")) {
        continue;
      }
      String[] parts = line.split(" ");
      byte[] keyAndSignature;
      try {
        keyAndSignature = Base64.getDecoder().decode(parts[parts.length - 1]);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (keyAndSignature.length <= 4) {
        continue;
      }
      byte[] signature = Arrays.copyOfRange(keyAndSignature, 4, keyAndSignature.length);
      for (PublicKey log : logs) {
        if (VerificationKey.verifies(log, signed, signature)) {
          return true;
        }
      }
    }
    return false;
  }

  private static byte[] hash(byte prefix, byte[]... parts) {
    MessageDigest sha = Digest.newSha256();
    sha.update(prefix);
    for (byte[] part : parts) {
      sha.update(part);
    }
    return sha.digest();
  }
}
