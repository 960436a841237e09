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
public record Verification(List<VerificationKey> keys, Optional<ImageReference> signatures, Optional<Keyless> keyless) {

  /**
   * Keyless: a certificate the trusted root's authorities issued to an identity {@code identity}
   * matches whole, vouched for by {@code issuer}, and logged by one of its transparency logs. The
   * root may come from {@code --trusted-root} after the list is read.
   */
  public record Keyless(java.util.regex.Pattern identity, String issuer, Optional<dev.imagesync.image.TrustedRoot> root) {

    public String describe() {
      return "identity /" + identity.pattern() + "/ from " + issuer;
    }
  }

  public Verification(List<VerificationKey> keys, Optional<ImageReference> signatures) {
    this(keys, signatures, Optional.empty());
  }

  public Verification {
    keys = List.copyOf(keys);
    if (keys.isEmpty() && keyless.isEmpty()) {
      throw new IllegalArgumentException("a verification needs a key or an identity");
    }
  }

  /** The same, its keyless part given {@code root} when it has none of its own. */
  public Verification withTrustedRoot(dev.imagesync.image.TrustedRoot root) {
    return keyless.isEmpty() || keyless.get().root().isPresent() ? this
        : new Verification(keys, signatures, Optional.of(new Keyless(keyless.get().identity(), keyless.get().issuer(), Optional.of(root))));
  }

  /** For plan's lines: {@code verify: cosign.pub, team.pub}. */
  public String describe() {
    List<String> by = new java.util.ArrayList<>(keys.stream().map(VerificationKey::name).toList());
    keyless.ifPresent(k -> by.add(k.describe()));
    return "verify: " + String.join(", ", by) + signatures.map(s -> " (signatures in " + s + ")").orElse("");
  }
}
