package dev.imagesync.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A transparency-log entry as cosign keeps it beside a keyless signature (the {@code
 * dev.sigstore.cosign/bundle} annotation: Rekor's signed entry timestamp and what it signs), or as
 * a sigstore bundle carries it ({@link #fromBundle}). Checked
 * offline: the log's key (from the trusted root, by the entry's log id) signed the canonical JSON
 * of body, integrated time, log id and index; and the body — a {@code hashedrekord}, or a {@code
 * dsse} entry for a bundle's envelope — is of this very signature over this very payload. Its
 * integrated time is when the signature was made.
 */
public record LogEntry(String body, long integratedTime, long logIndex, String logId, byte[] signedEntryTimestamp) {

  /** From the annotation's JSON; empty when it is not one. */
  public static Optional<LogEntry> parse(String annotation) {
    try {
      JsonNode json = Json.mapper().readTree(annotation);
      JsonNode payload = json.path("Payload");
      if (!payload.has("body") || !json.has("SignedEntryTimestamp")) {
        return Optional.empty();
      }
      return Optional.of(new LogEntry(payload.path("body").asText(), payload.path("integratedTime").asLong(), payload.path("logIndex").asLong(),
          payload.path("logID").asText(), Base64.getDecoder().decode(json.path("SignedEntryTimestamp").asText())));
    } catch (java.io.IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * From a sigstore bundle's transparency-log entry ({@code verificationMaterial.tlogEntries[]}, the
   * protobuf-specs JSON: numbers as strings, the log id and signed entry timestamp base64); empty
   * when it has no signed entry timestamp — Rekor v2's entries have only an inclusion proof, their
   * time from a timestamp authority, which is not read here.
   */
  public static Optional<LogEntry> fromBundle(JsonNode entry) {
    try {
      String body = entry.path("canonicalizedBody").asText("");
      String keyId = entry.path("logId").path("keyId").asText("");
      String set = entry.path("inclusionPromise").path("signedEntryTimestamp").asText("");
      if (body.isEmpty() || keyId.isEmpty() || set.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new LogEntry(body, Long.parseLong(entry.path("integratedTime").asText("0")), Long.parseLong(entry.path("logIndex").asText("0")),
          HexFormat.of().formatHex(Base64.getDecoder().decode(keyId)), Base64.getDecoder().decode(set)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** What Rekor signs: the entry as canonical JSON (keys sorted, no spaces). */
  byte[] canonical() {
    return ("{\"body\":" + Json.quoted(body) + ",\"integratedTime\":" + integratedTime + ",\"logID\":" + Json.quoted(logId) + ",\"logIndex\":"
        + logIndex + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Whether a log of {@code logs} (by id) signed this entry. */
  public boolean signedBy(Map<String, PublicKey> logs) {
    PublicKey key = logs.get(logId);
    return key != null && VerificationKey.verifies(key, canonical(), signedEntryTimestamp);
  }

  /**
   * Whether the entry's body — a {@code dsse} entry — records a DSSE envelope of {@code payload}
   * signed as {@code signature} (base64) by {@code certificate}'s key (Rekor keeps the payload's
   * hash and each signature with its verifier, base64 of its PEM).
   */
  public boolean recordsEnvelope(byte[] payload, String signature, java.security.cert.X509Certificate certificate) {
    try {
      JsonNode entry = Json.mapper().readTree(Base64.getDecoder().decode(body));
      JsonNode spec = entry.path("spec");
      String hash = HexFormat.of().formatHex(Digest.newSha256().digest(payload));
      if (!"dsse".equals(entry.path("kind").asText()) || !hash.equals(spec.path("payloadHash").path("value").asText())) {
        return false;
      }
      for (JsonNode s : spec.path("signatures")) {
        if (signature.strip().equals(s.path("signature").asText())) {
          byte[] verifier = Base64.getDecoder().decode(s.path("verifier").asText(s.path("publicKey").asText("")));
          return java.util.Arrays.equals(SigningCertificate.parse(verifier).leaf().getEncoded(), certificate.getEncoded());
        }
      }
      return false;
    } catch (java.io.IOException | IllegalArgumentException | java.security.cert.CertificateEncodingException e) {
      return false;
    }
  }

  /** Whether the entry's body records {@code signature} (base64, as in the annotation) over {@code payload}. */
  public boolean records(String signature, byte[] payload) {
    try {
      JsonNode entry = Json.mapper().readTree(Base64.getDecoder().decode(body));
      JsonNode spec = entry.path("spec");
      String hash = HexFormat.of().formatHex(Digest.newSha256().digest(payload));
      return "hashedrekord".equals(entry.path("kind").asText()) && signature.strip().equals(spec.path("signature").path("content").asText())
          && hash.equals(spec.path("data").path("hash").path("value").asText());
    } catch (java.io.IOException | IllegalArgumentException e) {
      return false;
    }
  }
}
