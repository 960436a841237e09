package dev.imagesync.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A reference from one manifest to a blob or another manifest (OCI descriptor). */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    Optional<Platform> platform,
    Map<String, String> annotations,
    List<String> urls,
    Optional<String> artifactType) {

  public Descriptor(String mediaType, Digest digest, long size, Optional<Platform> platform, Map<String, String> annotations, List<String> urls) {
    this(mediaType, digest, size, platform, annotations, urls, Optional.empty());
  }

  /** BuildKit's annotation naming the manifest an attestation entry describes. */
  public static final String REFERENCE_DIGEST = "vnd.docker.reference.digest";

  public static final String REFERENCE_TYPE = "vnd.docker.reference.type";

  /** Whether this index entry is a BuildKit attestation (provenance, SBOM) of another entry. */
  public boolean isAttestation() {
    return "attestation-manifest".equals(annotations.get(REFERENCE_TYPE));
  }

  /** For an attestation entry: the digest of the manifest it attests. */
  public Optional<Digest> attestedDigest() {
    String d = annotations.get(REFERENCE_DIGEST);
    return d != null && Digest.isDigest(d) ? Optional.of(Digest.parse(d)) : Optional.empty();
  }

  /** Whether the blob lives outside the registry (Windows foreign layers): not copied. */
  public boolean isForeign() {
    return MediaTypes.isForeignLayer(mediaType) && !urls.isEmpty();
  }
}
