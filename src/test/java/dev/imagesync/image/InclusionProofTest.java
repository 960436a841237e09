package dev.imagesync.image;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inclusion proofs as a log makes them (RFC 6962's tree and audit paths), and checkpoints as a log signs them (C2SP signed notes). */
class InclusionProofTest {

  private static List<byte[]> leaves(int n) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(("entry " + i).getBytes(StandardCharsets.UTF_8));
    }
    return leaves;
  }

  @Test
  void everyLeafOfEveryTreeSizeIsProvenAndNothingElseIs() {
    for (int n = 1; n <= 9; n++) {
      List<byte[]> leaves = leaves(n);
      byte[] root = MerkleTree.root(leaves);
      for (int m = 0; m < n; m++) {
        InclusionProof proof = new InclusionProof(m, n, root, MerkleTree.path(m, leaves), "");
        assertTrue(proof.includes(leaves.get(m)), "leaf " + m + " of " + n);
        assertFalse(proof.includes("another entry".getBytes(StandardCharsets.UTF_8)), "another leaf, " + m + " of " + n);
        if (n > 1) {
          assertFalse(new InclusionProof((m + 1) % n, n, root, MerkleTree.path(m, leaves), "").includes(leaves.get(m)), "another index");
          assertFalse(new InclusionProof(m, n, MerkleTree.root(leaves(n + 1)), MerkleTree.path(m, leaves), "").includes(leaves.get(m)),
              "another root");
        }
      }
    }
    assertFalse(new InclusionProof(5, 5, MerkleTree.root(leaves(5)), List.of(), "").includes(leaves(5).get(4)), "an index past the tree");
  }

  private static String checkpoint(KeyPair key, long size, byte[] root) {
    return MerkleTree.checkpoint(key.getPrivate(), new byte[4], size, root);
  }

  private static KeyPair key() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  @Test
  void aCheckpointCountsWhenATrustedLogSignedThisTree() throws Exception {
    KeyPair log = key();
    KeyPair other = key();
    List<byte[]> leaves = leaves(6);
    byte[] root = MerkleTree.root(leaves);
    assertTrue(new InclusionProof(2, 6, root, MerkleTree.path(2, leaves), checkpoint(log, 6, root)).checkpointSignedBy(List.of(log.getPublic())));
    assertFalse(new InclusionProof(2, 6, root, MerkleTree.path(2, leaves), checkpoint(other, 6, root)).checkpointSignedBy(List.of(log.getPublic())),
        "signed by another log");
    assertFalse(new InclusionProof(2, 6, root, MerkleTree.path(2, leaves), checkpoint(log, 7, root)).checkpointSignedBy(List.of(log.getPublic())),
        "a checkpoint of another tree size");
    assertFalse(new InclusionProof(2, 6, root, MerkleTree.path(2, leaves), checkpoint(log, 6, MerkleTree.root(leaves(5))))
        .checkpointSignedBy(List.of(log.getPublic())), "a checkpoint of another root");
  }
}
