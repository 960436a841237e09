package dev.imagesync.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.config.SyncJob;
import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Manifest;
import dev.imagesync.testing.InMemoryRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Referrers in memory: each after its subject, recursively, once, HEAD-only the second time; the
 * destination's tag schema index merged, never losing an entry; the artifact type filter.
 */
class ReferrerCopyTest {

  private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String SIG = "application/vnd.dev.cosign.artifact.sig.v1+json";
  private static final String SBOM = "application/spdx+json";

  private final InMemoryRegistry registries = new InMemoryRegistry();
  private final ImageReference sourceRepo = ImageReference.repository("src.example", "org/app");
  private final String src = sourceRepo.repositoryName();
  private final String dst = "dst.example/mirror/app";

  private Manifest image(String seed) {
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":\"" + seed + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] layer = ("layer " + seed).getBytes(StandardCharsets.UTF_8);
    registries.putBlob(src, config);
    registries.putBlob(src, layer);
    return put(null, "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", config)
        + ",\"layers\":[" + descriptor("application/vnd.oci.image.layer.v1.tar", layer) + "]}");
  }

  /** An OCI 1.1 artifact of {@code type} whose subject is {@code subject}. */
  private Manifest artifact(String type, Manifest subject, String seed) {
    byte[] payload = ("payload " + seed).getBytes(StandardCharsets.UTF_8);
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    registries.putBlob(src, payload);
    registries.putBlob(src, empty);
    return put(null, "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"" + type + "\",\"config\":"
        + descriptor("application/vnd.oci.empty.v1+json", empty) + ",\"layers\":[" + descriptor(type, payload) + "],\"subject\":"
        + "{\"mediaType\":\"" + subject.mediaType() + "\",\"digest\":\"" + subject.digest() + "\",\"size\":" + subject.size() + "}}");
  }

  /** A cosign-style signature (no subject), under its digest tag. */
  private Manifest cosign(Manifest subject, String suffix) {
    byte[] payload = ("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + subject.digest() + "\"}}}").getBytes(StandardCharsets.UTF_8);
    byte[] config = "{\"architecture\":\"\",\"os\":\"\"}".getBytes(StandardCharsets.UTF_8);
    registries.putBlob(src, payload);
    registries.putBlob(src, config);
    return put(ReferrerCopier.schemaTag(subject.digest()) + suffix, "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
        + descriptor("application/vnd.oci.image.config.v1+json", config) + ",\"layers\":["
        + descriptor("application/vnd.dev.cosign.simplesigning.v1+json", payload) + "]}");
  }

  /** The referrers tag schema index of {@code subject} at the source. */
  private Manifest tagIndex(Manifest subject, Manifest... referrers) {
    StringBuilder entries = new StringBuilder();
    for (Manifest r : referrers) {
      entries.append(entries.length() == 0 ? "" : ",").append("{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + r.digest()
          + "\",\"size\":" + r.size() + ",\"artifactType\":\"" + r.artifactType().orElseThrow() + "\"}");
    }
    return put(ReferrerCopier.schemaTag(subject.digest()), "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[" + entries + "]}");
  }

  private Manifest put(String tag, String json) {
    Manifest m = Manifest.of(json.getBytes(StandardCharsets.UTF_8), null);
    registries.putManifest(src, tag == null ? m.digest().toString() : tag, m);
    return m;
  }

  private static String descriptor(String mediaType, byte[] bytes) {
    return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Digest.sha256(bytes) + "\",\"size\":" + bytes.length + "}";
  }

  private JobResult copy(ReferrerPolicy policy, ReferrerLedger ledger, CopyStats stats) {
    SyncJob job = new SyncJob(sourceRepo.withTag("1.0"), ImageReference.repository("dst.example", "mirror/app"), List.of("1.0"), List.of(), "test");
    return ImageCopier.copy(job, registries, stats, new ContentLedger(), false, TagCommits.NONE, Transfers.sequential(), policy, ledger,
        new PreparedRepositories(dev.imagesync.registry.RepositoryCreation.NONE));
  }

  private JobResult copy(ReferrerPolicy policy) {
    return copy(policy, new ReferrerLedger(), new CopyStats());
  }

  private static final ReferrerPolicy ALL = new ReferrerPolicy(true, List.of());

  private int writeIndex(String line) {
    return registries.writes().indexOf(line);
  }

  @Test
  void tagSchemaReferrersAndCosignTagsGoAfterTheirSubjectAndTheirOwnReferrersAfterThem() {
    Manifest image = image("a");
    registries.putManifest(src, "1.0", image);
    Manifest sbom = artifact(SBOM, image, "sbom");
    Manifest sbomSignature = artifact(SIG, sbom, "sbom-sig");
    tagIndex(image, sbom);
    Manifest sbomIndex = tagIndex(sbom, sbomSignature);
    Manifest sig = cosign(image, ".sig");
    Manifest att = cosign(image, ".att");

    JobResult result = copy(ALL);

    assertEquals(TagResult.Status.COPIED, result.status(), result.toString());
    assertTrue(result.tags().get(0).note().orElse("").contains("referrers: 4 carried, 0 already there"), result.toString());
    int tag = writeIndex("PUT-MANIFEST " + dst + " 1.0");
    int sbomAt = writeIndex("PUT-MANIFEST " + dst + " " + sbom.digest());
    int sbomSigAt = writeIndex("PUT-MANIFEST " + dst + " " + sbomSignature.digest());
    int sigAt = writeIndex("PUT-MANIFEST " + dst + " " + ReferrerCopier.schemaTag(image.digest()) + ".sig");
    int attAt = writeIndex("PUT-MANIFEST " + dst + " " + ReferrerCopier.schemaTag(image.digest()) + ".att");
    int imageIndexAt = writeIndex("PUT-MANIFEST " + dst + " " + ReferrerCopier.schemaTag(image.digest()));
    assertTrue(tag >= 0 && tag < sbomAt && tag < sigAt && tag < attAt, registries.writes().toString());
    assertTrue(sbomAt < imageIndexAt && sbomAt < sbomSigAt, "a referrer is in the index only once it is there; its own after it: " + registries.writes());
    assertArrayEquals(sig.bytes(), registries.manifest(dst, ReferrerCopier.schemaTag(image.digest()) + ".sig").orElseThrow().bytes());
    assertArrayEquals(att.bytes(), registries.manifest(dst, ReferrerCopier.schemaTag(image.digest()) + ".att").orElseThrow().bytes());
    assertArrayEquals(sbomIndex.bytes(), registries.manifest(dst, ReferrerCopier.schemaTag(sbom.digest())).orElseThrow().bytes(),
        "a tag schema index the destination lacked is the source's, byte for byte");

    int before = registries.writes().size();
    JobResult again = copy(ALL);
    assertEquals(before, registries.writes().size(), "a second run writes nothing: " + registries.writes().subList(before, registries.writes().size()));
    assertTrue(again.tags().get(0).note().orElse("").contains("referrers: 0 carried, 4 already there"), again.toString());
  }

  @Test
  void withoutTheFlagNothingRefersAlong() {
    Manifest image = image("b");
    registries.putManifest(src, "1.0", image);
    tagIndex(image, artifact(SBOM, image, "sbom"));
    cosign(image, ".sig");

    copy(ReferrerPolicy.ONLY_WHERE_ASKED);

    assertEquals(List.of("PUT-BLOB", "PUT-BLOB", "PUT-MANIFEST"), registries.writes().stream().map(w -> w.split(" ")[0]).toList());
  }

  @Test
  void fromTheApiIntoATagSchemaIndexMergedWithWhatTheDestinationListed() {
    registries.withReferrersApi("src.example");
    Manifest image = image("c");
    registries.putManifest(src, "1.0", image);
    Manifest sbom = artifact(SBOM, image, "sbom");
    Manifest sig = artifact(SIG, image, "sig");
    // The destination's index already lists a referrer someone else pushed there.
    Manifest other = artifact("x/y", image, "theirs");
    registries.putManifest(dst, other.digest().toString(), other);
    Manifest theirs = Manifest.of(("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\"" + OCI_MANIFEST
        + "\",\"digest\":\"" + other.digest() + "\",\"size\":" + other.size() + ",\"artifactType\":\"x/y\"}]}").getBytes(StandardCharsets.UTF_8), null);
    registries.putManifest(dst, ReferrerCopier.schemaTag(image.digest()), theirs);

    JobResult result = copy(ALL);

    assertEquals(TagResult.Status.COPIED, result.status(), result.toString());
    Manifest merged = registries.manifest(dst, ReferrerCopier.schemaTag(image.digest())).orElseThrow();
    List<Digest> listed = merged.manifests().stream().map(d -> d.digest()).toList();
    assertEquals(List.of(other.digest()), listed.subList(0, 1), "what the destination listed stays first");
    assertEquals(3, listed.size(), "the source's API lists 'theirs' too (it is in the source): each once: " + listed);
    assertTrue(listed.contains(sbom.digest()) && listed.contains(sig.digest()), listed.toString());
    assertArrayEquals(sbom.bytes(), registries.manifest(dst, sbom.digest().toString()).orElseThrow().bytes());
  }

  @Test
  void aDestinationWithTheApiGetsTheReferrersAndNoTagIndex() {
    registries.withReferrersApi("dst.example");
    Manifest image = image("d");
    registries.putManifest(src, "1.0", image);
    Manifest sbom = artifact(SBOM, image, "sbom");
    tagIndex(image, sbom);

    copy(ALL);

    assertTrue(registries.manifest(dst, sbom.digest().toString()).isPresent());
    assertFalse(registries.manifest(dst, ReferrerCopier.schemaTag(image.digest())).isPresent(), registries.writes().toString());
  }

  @Test
  void anArtifactTypeFilterCarriesOnlyThatType() {
    Manifest image = image("e");
    registries.putManifest(src, "1.0", image);
    Manifest sbom = artifact(SBOM, image, "sbom");
    Manifest sig = artifact(SIG, image, "sig");
    tagIndex(image, sbom, sig);

    copy(new ReferrerPolicy(true, List.of(SIG)));

    assertTrue(registries.manifest(dst, sig.digest().toString()).isPresent());
    assertFalse(registries.manifest(dst, sbom.digest().toString()).isPresent());
    Manifest index = registries.manifest(dst, ReferrerCopier.schemaTag(image.digest())).orElseThrow();
    assertEquals(List.of(sig.digest()), index.manifests().stream().map(d -> d.digest()).toList());
  }

  @Test
  void twoJobsOfOneImageCarryItsReferrersOnce() {
    Manifest image = image("f");
    registries.putManifest(src, "1.0", image);
    tagIndex(image, artifact(SBOM, image, "sbom"));
    ReferrerLedger ledger = new ReferrerLedger();
    CopyStats stats = new CopyStats();

    copy(ALL, ledger, stats);
    copy(ALL, ledger, stats);

    assertEquals(1, stats.referrersCarried());
    assertEquals(0, stats.referrersPresent(), "the second job did not even look");
  }

  @Test
  void aRepositoryWithNoDigestTagsAndNoApiCostsNoReadOfTheIndex() {
    Manifest a = image("g1");
    Manifest b = image("g2");
    Manifest index = put(null, "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
        + "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + a.digest() + "\",\"size\":" + a.size() + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}},"
        + "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + b.digest() + "\",\"size\":" + b.size() + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\"}}]}");
    registries.putManifest(src, "1.0", index);
    copy(ReferrerPolicy.ONLY_WHERE_ASKED);
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    dev.imagesync.registry.Repositories counting = new dev.imagesync.registry.Repositories() {
      @Override
      public dev.imagesync.registry.RepositoryClient openForPull(ImageReference repository) {
        dev.imagesync.registry.RepositoryClient real = registries.openForPull(repository);
        return (dev.imagesync.registry.RepositoryClient) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {dev.imagesync.registry.RepositoryClient.class}, (proxy, method, args) -> {
              if (method.getName().equals("getManifest")) {
                reads.incrementAndGet();
              }
              try {
                return method.invoke(real, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
      }

      @Override
      public dev.imagesync.registry.RepositoryClient openForPush(ImageReference repository, java.util.Optional<ImageReference> mountSource) {
        return registries.openForPush(repository, mountSource);
      }
    };
    SyncJob job = new SyncJob(sourceRepo.withTag("1.0"), ImageReference.repository("dst.example", "mirror/app"), List.of("1.0"), List.of(), "test");

    JobResult again = ImageCopier.copy(job, counting, new CopyStats(), new ContentLedger(), false, TagCommits.NONE, Transfers.sequential(), ALL,
        new ReferrerLedger(), new PreparedRepositories(dev.imagesync.registry.RepositoryCreation.NONE));

    assertEquals(TagResult.Status.SKIPPED, again.status());
    assertEquals(0, reads.get(), "no sha256- tag and no referrers API: nothing can refer, nothing is read");
    cosign(a, ".sig");
    ImageCopier.copy(job, counting, new CopyStats(), new ContentLedger(), false, TagCommits.NONE, Transfers.sequential(), ALL,
        new ReferrerLedger(), new PreparedRepositories(dev.imagesync.registry.RepositoryCreation.NONE));
    assertTrue(reads.get() > 0, "with a digest tag there, the index is read to find its children's");
    assertTrue(registries.manifest(dst, ReferrerCopier.schemaTag(a.digest()) + ".sig").isPresent());
  }

  @Test
  void cosignTagsAreFilteredByTheirPayloadsType() {
    Manifest image = image("h");
    registries.putManifest(src, "1.0", image);
    cosign(image, ".sig");

    copy(new ReferrerPolicy(true, List.of(SBOM)));
    assertFalse(registries.manifest(dst, ReferrerCopier.schemaTag(image.digest()) + ".sig").isPresent(), "a signature is not an SBOM");

    copy(new ReferrerPolicy(true, List.of("application/vnd.dev.cosign.simplesigning.v1+json")));
    assertTrue(registries.manifest(dst, ReferrerCopier.schemaTag(image.digest()) + ".sig").isPresent(), "cosign's signature type picks its .sig");
  }

  @Test
  void aChainDeeperThanTheLimitIsCarriedToItAndTheRestIsSaid() {
    Manifest image = image("deep");
    registries.putManifest(src, "1.0", image);
    Manifest subject = image;
    List<Manifest> chain = new java.util.ArrayList<>();
    for (int i = 0; i < 11; i++) { // a signature of a signature of … eleven deep
      Manifest sig = artifact(SIG, subject, "deep-" + i);
      tagIndex(subject, sig);
      chain.add(sig);
      subject = sig;
    }

    JobResult result = copy(ALL);

    String note = result.tags().get(0).note().orElse("");
    assertTrue(note.contains("referrers: 9 carried") && note.contains("referrer chain cut at 8 levels: 1 referrer below it (and what refers to it) not carried"),
        note);
    assertTrue(registries.manifest(dst, chain.get(8).digest().toString()).isPresent(), "the ninth is carried");
    assertFalse(registries.manifest(dst, chain.get(9).digest().toString()).isPresent(), "the tenth is not");
  }

  /**
   * Quay refuses some artifact types (an SPDX SBOM: "manifest invalid", reported by users of
   * quay.io) and takes a cosign signature: the signature is carried, the SBOM is a warning with
   * the registry's words, the image copied, and the tag schema index lists only what is there.
   */
  @Test
  void aReferrerTheDestinationRefusesKeepsNoneOfTheOthersOut() {
    Manifest image = image("q");
    registries.putManifest(src, "1.0", image);
    Manifest sbom = artifact(SBOM, image, "sbom");
    Manifest signature = artifact(SIG, image, "sig");
    tagIndex(image, sbom, signature);
    Manifest cosignSig = cosign(image, ".sig");
    registries.beforeWrite(line -> {
      if (line.equals("PUT-MANIFEST " + dst + " " + sbom.digest())) {
        throw new dev.imagesync.registry.RegistryException(dev.imagesync.registry.RegistryException.Kind.UNSUPPORTED,
            "quay.io refused manifest " + sbom.digest().shortHex() + ": MANIFEST_INVALID: manifest invalid");
      }
    });

    JobResult result = copy(ALL);

    assertEquals(TagResult.Status.COPIED, result.status(), result.toString());
    String note = result.tags().get(0).note().orElse("");
    assertTrue(note.contains("2 of 3 referrers carried; 1 refused by the destination (" + sbom.digest() + ": quay.io refused manifest"), note);
    assertTrue(registries.manifest(dst, signature.digest().toString()).isPresent(), "the signature is carried");
    assertArrayEquals(cosignSig.bytes(), registries.manifest(dst, ReferrerCopier.schemaTag(image.digest()) + ".sig").orElseThrow().bytes());
    assertTrue(registries.manifest(dst, sbom.digest().toString()).isEmpty());
    Manifest listed = registries.manifest(dst, ReferrerCopier.schemaTag(image.digest())).orElseThrow();
    assertEquals(List.of(signature.digest()), listed.manifests().stream().map(d -> d.digest()).toList(), "only what the destination has");
  }
}
