package dev.imagesync.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A transparency-log entry as cosign keeps it beside a keyless signature (the {@code
 * dev.sigstore.cosign/bundle} annotation: Rekor's signed entry timestamp and what it signs). Checked
 * offline: the log's key (from the trusted root, by the entry's log id) signed the canonical JSON
 * of body, integrated time, log id and index; and the body — a {@code hashedrekord} — is of this
 * very signature over this very payload. Its integrated time is when the signature was made.
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
