package dev.imagesync.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.SigstoreStandIn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline checks of a keyless signature, each on its own: the certificate, the log entry, the trusted root. */
class KeylessPiecesTest {

  @TempDir Path tmp;

  @Test
  void aFulcioCertificateSaysItsIdentityAndIssuerAndChainsOnlyToItsAuthorityWhileValid() throws Exception {
    SigstoreStandIn fulcio = new SigstoreStandIn(tmp, "fulcio");
    SigstoreStandIn other = new SigstoreStandIn(tmp, "other");
    SigstoreStandIn.Signer signer = fulcio.signer("https://github.com/org/repo/.github/workflows/ci.yml@refs/heads/main", "https://issuer.test");
    SigningCertificate cert = SigningCertificate.parse(signer.certificatePem().getBytes(StandardCharsets.US_ASCII));
    assertEquals(List.of("https://github.com/org/repo/.github/workflows/ci.yml@refs/heads/main"), cert.identities());
    assertEquals(Optional.of("https://issuer.test"), cert.issuer());
    assertTrue(cert.hasIdentity(Pattern.compile("https://github\\.com/org/repo/.*")));
    assertFalse(cert.hasIdentity(Pattern.compile("github\\.com/org")), "a whole match, not a part");
    TrustedRoot root = TrustedRoot.read(fulcio.trustedRoot());
    TrustedRoot otherRoot = TrustedRoot.read(other.trustedRoot());
    assertTrue(cert.chainsTo(root.authorities(), new Date()));
    assertFalse(cert.chainsTo(otherRoot.authorities(), new Date()), "another authority");
    assertFalse(cert.chainsTo(root.authorities(), new Date(System.currentTimeMillis() + 3L * 24 * 3600 * 1000)), "expired when logged");
  }

  @Test
  void aLogEntryIsTheTrustedLogsAndRecordsThisSignatureOverThisPayload() throws Exception {
    SigstoreStandIn sigstore = new SigstoreStandIn(tmp, "sigstore");
    SigstoreStandIn rogue = new SigstoreStandIn(tmp, "rogue");
    SigstoreStandIn.Signer signer = sigstore.signer("mailto:dev@example.com", "https://issuer.test");
    byte[] payload = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);
    LogEntry entry = LogEntry.parse(sigstore.logEntry(signer, "c2lnbmF0dXJl", payload)).orElseThrow();
    assertTrue(entry.signedBy(TrustedRoot.read(sigstore.trustedRoot()).logs()));
    assertFalse(entry.signedBy(TrustedRoot.read(rogue.trustedRoot()).logs()), "another log's key");
    assertTrue(entry.records("c2lnbmF0dXJl", payload));
    assertFalse(entry.records("b3RoZXI=", payload), "another signature");
    assertFalse(entry.records("c2lnbmF0dXJl", "{}".getBytes(StandardCharsets.UTF_8)), "another payload");
    LogEntry moved = new LogEntry(entry.body(), entry.integratedTime() + 1, entry.logIndex(), entry.logId(), entry.signedEntryTimestamp());
    assertFalse(moved.signedBy(TrustedRoot.read(sigstore.trustedRoot()).logs()), "a time changed after signing");
  }
}
