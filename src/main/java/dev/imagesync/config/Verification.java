package dev.imagesync.config;

import dev.imagesync.image.ImageReference;
import dev.imagesync.image.VerificationKey;
import java.util.List;
import java.util.Optional;

/**
 * What an image must carry to be copied: a cosign signature that one of {@code keys} verifies,
 * found at the source's own registry — in the image's repository, or in {@code signatures} when
 * the list names one (cosign's {@code COSIGN_REPOSITORY}).
 */
public record Verification(List<VerificationKey> keys, Optional<ImageReference> signatures) {

  public Verification {
    keys = List.copyOf(keys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a verification needs at least one key");
    }
  }

  /** For plan's lines: {@code verify: cosign.pub, team.pub}. */
  public String describe() {
    return "verify: " + String.join(", ", keys.stream().map(VerificationKey::name).toList())
        + signatures.map(s -> " (signatures in " + s + ")").orElse("");
  }
}
