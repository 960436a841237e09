package dev.imagesync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagesync.config.SyncJob;
import dev.imagesync.config.Verification;
import dev.imagesync.image.Descriptor;
import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Json;
import dev.imagesync.image.Manifest;
import dev.imagesync.image.VerificationKey;
import dev.imagesync.registry.Repositories;
import dev.imagesync.registry.RepositoryClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an image is signed by a key the list trusts, before anything of it is written: cosign's
 * tag scheme ({@code sha256-HEX.sig} beside the image, or in the list's {@code signatures}
 * repository — never on another registry than the source's): each layer of that manifest is a
 * simple-signing payload whose {@code dev.cosignproject.cosign/signature} annotation must verify
 * over the payload's bytes with one of the keys, and whose {@code critical} says it is a cosign
 * signature of exactly this digest (the index's, for a multi-platform image, as cosign signs it).
 * A validly signed payload naming another digest is a signature moved from another image. Keyless
 * (an identity and issuer instead of keys): a certificate from the trusted root's authorities and
 * the transparency log's signed entry, checked offline. cosign 3's sigstore bundles, found by the
 * image's referrers, count too, keyed or keyless.
 */
final class SignatureCheck {

  static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
  static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  static final String COSIGN_TYPE = "cosign container image signature";
  private static final int MAX_PAYLOAD = 1 << 20;
  private static final int MAX_SIGNATURES = 64;

  private SignatureCheck() {}

  /**
   * Who verified {@code digest}'s signature — a key's id, or a keyless signer's identity — or a
   * {@link CopyFailure} saying what was expected and found.
   */
  static String verify(SyncJob job, Verification v, Digest digest, Repositories repositories, RepositoryClient source) {
    ImageReference sourceRepository = ImageReference.repository(job.source().registry(), job.source().repository());
    ImageReference at = v.signatures().orElse(sourceRepository);
    List<String> trusted = new ArrayList<>(v.keys().stream().map(Object::toString).toList());
    v.keyless().ifPresent(k -> trusted.add("a certificate for " + k.describe()));
    String expected = "expected a cosign signature of " + digest + " by " + String.join(" or ", trusted);
    if (!at.registry().equals(job.source().registry())) {
      throw new CopyFailure("not verified: the signatures of " + job.source() + " are only trusted from its own registry, not " + at.registry());
    }
    RepositoryClient signatures = at.repositoryName().equals(sourceRepository.repositoryName()) ? source : repositories.openForPull(at);
    String tag = "sha256-" + digest.toString().substring("sha256:".length()) + ".sig";
    Set<String> found = new LinkedHashSet<>();
    // cosign 2's tag first (what most signed images carry); cosign 3's bundles, which refer to the
    // image, only when that does not verify: a referrers request less on the common path.
    Optional<Manifest> signed = signatures.getManifest(tag);
    Optional<String> byTag = signed.flatMap(m -> tagged(m, signatures, digest, v, found));
    if (byTag.isPresent()) {
      return byTag.get();
    }
    Optional<String> byBundle = bundles(signatures, digest, v, found);
    if (byBundle.isPresent()) {
      return byBundle.get();
    }
    if (found.isEmpty()) {
      throw new CopyFailure("not verified: " + expected + "; found " + (signed.isPresent() ? "no cosign signature layer in " + tag
          : "no signature (no " + tag + " and no sigstore bundle referring to it in " + at.repositoryName() + ")"));
    }
    throw new CopyFailure("not verified: " + expected + "; found " + String.join("; ", new ArrayList<>(found)));
  }

  /** The signer of one of the layers of cosign's {@code sha256-HEX.sig} manifest, or empty with what each one was in {@code found}. */
  private static Optional<String> tagged(Manifest signed, RepositoryClient signatures, Digest digest, Verification v, Set<String> found) {
    List<Descriptor> layers = signed.isIndex() ? List.of() : signed.layers();
    int looked = 0;
    for (Descriptor layer : layers) {
      if (!SIMPLE_SIGNING.equals(layer.mediaType()) || looked++ >= MAX_SIGNATURES) {
        continue;
      }
      String encoded = layer.annotations().get(SIGNATURE_ANNOTATION);
      if (encoded == null) {
        found.add("a payload without a signature");
        continue;
      }
      byte[] payload;
      try {
        payload = read(signatures, layer);
      } catch (IOException e) {
        found.add("a payload that cannot be read (" + e.getMessage() + ")");
        continue;
      }
      if (!Digest.sha256(payload).equals(layer.digest())) {
        found.add("a payload that does not match its digest (changed after signing)");
        continue;
      }
      byte[] signature;
      try {
        signature = Base64.getDecoder().decode(encoded.strip());
      } catch (IllegalArgumentException e) {
        found.add("a signature that is not base64");
        continue;
      }
      String certificate = layer.annotations().get(CERTIFICATE_ANNOTATION);
      String signer;
      if (certificate != null && v.keyless().isPresent()) {
        Optional<String> who = keyless(v.keyless().get(), certificate, layer.annotations().get(LOG_ANNOTATION), encoded, signature, payload, found);
        if (who.isEmpty()) {
          continue;
        }
        signer = who.get();
      } else {
        Optional<VerificationKey> by = v.keys().stream().filter(k -> k.verifies(payload, signature)).findFirst();
        if (by.isEmpty()) {
          found.add(certificate != null ? "a keyless signature (a certificate" + (v.keyless().isEmpty() ? "; the list names no identity to trust)"
              : ")") : "a signature none of these keys verifies (signed by another key, or its payload was changed)");
          continue;
        }
        signer = by.get().id();
      }
      String named = namedDigest(payload);
      if (!named.equals(digest.toString())) {
        found.add("a signature by " + signer + " that names another digest, " + (named.isEmpty() ? "none" : named)
            + " (a signature moved from another image, or of one platform)");
        continue;
      }
      return Optional.of(signer);
    }
    return Optional.empty();
  }

  static final String CERTIFICATE_ANNOTATION = "dev.sigstore.cosign/certificate";
  static final String LOG_ANNOTATION = "dev.sigstore.cosign/bundle";

  /**
   * A keyless signature (cosign 2's tag scheme): the certificate and transparency-log entry of the
   * layer's annotations, the log's entry of a {@code hashedrekord} of this signature over the
   * payload; then {@link #keylessSigner}'s checks. The signer's identity, or empty with what was
   * wrong in {@code found}.
   */
  private static Optional<String> keyless(Verification.Keyless k, String certificatePem, String logAnnotation, String encoded, byte[] signature,
      byte[] payload, Set<String> found) {
    dev.imagesync.image.SigningCertificate certificate;
    try {
      certificate = dev.imagesync.image.SigningCertificate.parse(certificatePem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      found.add("a keyless signature whose certificate cannot be read");
      return Optional.empty();
    }
    Optional<dev.imagesync.image.LogEntry> entry = logAnnotation == null ? Optional.empty() : dev.imagesync.image.LogEntry.parse(logAnnotation);
    if (entry.isEmpty()) {
      found.add("a keyless signature without its transparency-log entry (dev.sigstore.cosign/bundle)");
      return Optional.empty();
    }
    return keylessSigner(k, certificate, entry.get(), Optional.empty(), entry.get().records(encoded, payload), payload, signature, found);
  }

  /**
   * What every keyless signature must show, offline: the log's signed entry timestamp by a log of
   * the trusted root; the entry's inclusion proof, when there is one (a bundle's: Rekor's entries
   * carry both), holding under a checkpoint a log of the root signed; an entry of this signature
   * ({@code recorded}, as the caller found it);
   * the certificate issued by one of the root's authorities, valid when the log says the signature
   * was made; the signature over {@code signed} made by the certificate's key; the certificate's
   * identity and issuer those the list names. The signer's identity, or empty with what was wrong
   * in {@code found}.
   */
  private static Optional<String> keylessSigner(Verification.Keyless k, dev.imagesync.image.SigningCertificate certificate,
      dev.imagesync.image.LogEntry entry, Optional<dev.imagesync.image.InclusionProof> proof, boolean recorded, byte[] signed, byte[] signature,
      Set<String> found) {
    dev.imagesync.image.TrustedRoot root = k.root().orElseThrow(() -> new IllegalStateException("planned without a trusted root"));
    if (!entry.signedBy(root.logs())) {
      found.add("a transparency-log entry no log of " + root.name() + " signed");
      return Optional.empty();
    }
    if (proof.isPresent() && !(proof.get().includes(entry.body()) && proof.get().checkpointSignedBy(root.logs().values()))) {
      found.add("a transparency-log entry whose inclusion proof does not hold (not in the tree its checkpoint names, or a checkpoint no log"
          + " of " + root.name() + " signed)");
      return Optional.empty();
    }
    if (!recorded) {
      found.add("a transparency-log entry of another signature or payload");
      return Optional.empty();
    }
    if (!certificate.chainsTo(root.authorities(), new java.util.Date(entry.integratedTime() * 1000))) {
      found.add("a certificate no authority of " + root.name() + " issued, or not valid when it was logged");
      return Optional.empty();
    }
    if (!VerificationKey.verifies(certificate.leaf().getPublicKey(), signed, signature)) {
      found.add("a signature its certificate's key does not verify");
      return Optional.empty();
    }
    String identities = String.join(", ", certificate.identities());
    if (!certificate.hasIdentity(k.identity())) {
      found.add("a certificate for " + (identities.isEmpty() ? "no identity" : identities) + ", not /" + k.identity().pattern() + "/");
      return Optional.empty();
    }
    Optional<String> issuer = certificate.issuer();
    if (!issuer.equals(Optional.of(k.issuer()))) {
      found.add("a certificate for " + identities + " from " + issuer.orElse("no issuer") + ", not " + k.issuer());
      return Optional.empty();
    }
    return Optional.of(certificate.identities().stream().filter(n -> k.identity().matcher(n).matches()).findFirst().orElse(identities));
  }

  static final String BUNDLE = "application/vnd.dev.sigstore.bundle";
  static final String IN_TOTO = "application/vnd.in-toto+json";
  static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";
  private static final int MAX_BUNDLES = 32;

  /**
   * cosign's sigstore bundles (cosign's specs/BUNDLE_SPEC.md): OCI 1.1 artifacts whose subject is
   * the image (the referrers API, else the referrers tag schema {@code sha256-HEX}), each one layer
   * of a bundle whose DSSE envelope holds an in-toto statement of predicate type
   * {@code https://sigstore.dev/cosign/sign/v1} about the image's digest, signed (DSSE's
   * pre-authentication encoding) by one of the keys, or — keyless — by a certificate the trusted
   * root's authorities issued, logged by one of its logs (the bundle's own transparency-log entry,
   * a {@code dsse} entry of this envelope). The signer (a key's id, or a certificate's identity);
   * what each one was, when none verifies, goes to {@code found}.
   */
  private static Optional<String> bundles(RepositoryClient signatures, Digest digest, Verification v, Set<String> found) {
    Optional<Manifest> referrers = signatures.referrers(digest, Optional.empty());
    if (referrers.isEmpty()) {
      referrers = signatures.getManifest("sha256-" + digest.toString().substring("sha256:".length())).filter(Manifest::isIndex);
    }
    int looked = 0;
    for (Descriptor entry : referrers.map(Manifest::manifests).orElse(List.of())) {
      if (looked++ >= MAX_BUNDLES) {
        break;
      }
      Optional<Manifest> artifact = signatures.getManifest(entry.digest().toString());
      if (artifact.isEmpty() || artifact.get().isIndex()) {
        continue;
      }
      for (Descriptor layer : artifact.get().layers()) {
        if (!layer.mediaType().startsWith(BUNDLE)) {
          continue;
        }
        byte[] bundle;
        try {
          bundle = read(signatures, layer);
        } catch (IOException e) {
          found.add("a sigstore bundle that cannot be read (" + e.getMessage() + ")");
          continue;
        }
        if (!Digest.sha256(bundle).equals(layer.digest())) {
          found.add("a sigstore bundle that does not match its digest");
          continue;
        }
        Optional<String> by = verifyBundle(bundle, digest, v, found);
        if (by.isPresent()) {
          return by;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> verifyBundle(byte[] bundle, Digest digest, Verification v, Set<String> found) {
    JsonNode json;
    try {
      json = Json.mapper().readTree(bundle);
    } catch (IOException e) {
      found.add("a sigstore bundle that is not JSON");
      return Optional.empty();
    }
    JsonNode envelope = json.path("dsseEnvelope");
    if (envelope.isMissingNode()) {
      found.add("a sigstore bundle without a DSSE envelope (a message signature: not cosign's image signature)");
      return Optional.empty();
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = Base64.getDecoder().decode(envelope.path("payload").asText(""));
      signature = Base64.getDecoder().decode(envelope.path("signatures").path(0).path("sig").asText(""));
    } catch (IllegalArgumentException e) {
      found.add("a sigstore bundle whose envelope is not base64");
      return Optional.empty();
    }
    String type = envelope.path("payloadType").asText("");
    byte[] pae = pae(type, payload);
    Optional<String> by = v.keys().stream().filter(k -> k.verifies(pae, signature)).findFirst().map(VerificationKey::id);
    Optional<byte[]> certificate = bundleCertificate(json.path("verificationMaterial"));
    if (by.isEmpty() && certificate.isPresent() && v.keyless().isPresent()) {
      by = keylessBundle(v.keyless().get(), certificate.get(), json.path("verificationMaterial"), envelope, payload, pae, signature, found);
      if (by.isEmpty()) {
        return Optional.empty();
      }
    }
    if (by.isEmpty()) {
      found.add(certificate.isPresent() ? "a keyless sigstore bundle (a certificate" + (v.keyless().isEmpty()
          ? "; the list names no identity to trust)" : ")") : "a sigstore bundle none of these keys verifies");
      return Optional.empty();
    }
    String subject = "";
    try {
      JsonNode statement = Json.mapper().readTree(payload);
      if (IN_TOTO.equals(type) && COSIGN_SIGN_PREDICATE.equals(statement.path("predicateType").asText())) {
        for (JsonNode s : statement.path("subject")) {
          String hex = s.path("digest").path("sha256").asText("");
          if (("sha256:" + hex).equals(digest.toString())) {
            return by;
          }
          subject = subject.isEmpty() ? "sha256:" + hex : subject;
        }
      } else {
        found.add("a sigstore bundle by " + by.get() + " that is no cosign image signature (" + statement.path("predicateType").asText(type) + ")");
        return Optional.empty();
      }
    } catch (IOException e) {
      found.add("a sigstore bundle whose statement is not JSON");
      return Optional.empty();
    }
    found.add("a sigstore bundle by " + by.get() + " that names another digest, " + (subject.isEmpty() ? "none" : subject));
    return Optional.empty();
  }

  /** The signing certificate of a bundle: v0.3's {@code certificate}, or the first of v0.1/v0.2's {@code x509CertificateChain}. */
  private static Optional<byte[]> bundleCertificate(JsonNode material) {
    String raw = material.path("certificate").path("rawBytes").asText(
        material.path("x509CertificateChain").path("certificates").path(0).path("rawBytes").asText(""));
    try {
      return raw.isEmpty() ? Optional.empty() : Optional.of(Base64.getDecoder().decode(raw));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A keyless bundle: its certificate, and its transparency-log entry with the log's signed entry
   * timestamp (the inclusion promise, checked offline as for cosign 2's annotation) recording this
   * envelope — the payload's hash, the signature, the certificate — and, when it has one, an
   * inclusion proof that holds; then {@link #keylessSigner}'s checks.
   */
  private static Optional<String> keylessBundle(Verification.Keyless k, byte[] certificateDer, JsonNode material, JsonNode envelope,
      byte[] payload, byte[] pae, byte[] signature, Set<String> found) {
    dev.imagesync.image.SigningCertificate certificate;
    try {
      certificate = dev.imagesync.image.SigningCertificate.parse(certificateDer);
    } catch (IllegalArgumentException e) {
      found.add("a keyless sigstore bundle whose certificate cannot be read");
      return Optional.empty();
    }
    Optional<dev.imagesync.image.LogEntry> entry = Optional.empty();
    Optional<dev.imagesync.image.InclusionProof> proof = Optional.empty();
    for (JsonNode e : material.path("tlogEntries")) {
      entry = dev.imagesync.image.LogEntry.fromBundle(e);
      if (entry.isPresent()) {
        proof = dev.imagesync.image.InclusionProof.fromBundle(e);
        break;
      }
    }
    if (entry.isEmpty()) {
      found.add("a keyless sigstore bundle without a transparency-log entry with its signed entry timestamp");
      return Optional.empty();
    }
    String encoded = envelope.path("signatures").path(0).path("sig").asText("");
    return keylessSigner(k, certificate, entry.get(), proof, entry.get().recordsEnvelope(payload, encoded, certificate.leaf()), pae, signature,
        found);
  }

  /** DSSE's pre-authentication encoding: what a DSSE signature signs. */
  static byte[] pae(String type, byte[] payload) {
    byte[] head = ("DSSEv1 " + type.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " " + type + " " + payload.length + " ")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] all = java.util.Arrays.copyOf(head, head.length + payload.length);
    System.arraycopy(payload, 0, all, head.length, payload.length);
    return all;
  }

  /** The digest a simple-signing payload signs, when it is a cosign signature; else empty. */
  static String namedDigest(byte[] payload) {
    try {
      JsonNode critical = Json.mapper().readTree(payload).path("critical");
      if (!COSIGN_TYPE.equals(critical.path("type").asText())) {
        return "";
      }
      return critical.path("image").path("docker-manifest-digest").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  private static byte[] read(RepositoryClient client, Descriptor layer) throws IOException {
    if (layer.size() > MAX_PAYLOAD) {
      throw new IOException(layer.size() + " bytes, more than a signature payload");
    }
    try (InputStream in = client.blob(layer.digest()).open()) {
      return in.readNBytes(MAX_PAYLOAD);
    }
  }
}
