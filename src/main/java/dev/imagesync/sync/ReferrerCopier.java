package dev.imagesync.sync;

import dev.imagesync.registry.RegistryException;

import dev.imagesync.image.Descriptor;
import dev.imagesync.image.Digest;
import dev.imagesync.image.Manifest;
import dev.imagesync.registry.ManifestHead;
import dev.imagesync.registry.RepositoryClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Carries what refers to copied manifests — signatures, attestations, SBOMs — after them:
 *
 * <ul>
 *   <li>OCI 1.1 referrers: through the source's referrers API, or where it has none, the
 *       referrers tag schema ({@code sha256-HEX}, an index of them);
 *   <li>cosign's digest tags: {@code sha256-HEX.sig}, {@code .att}, {@code .sbom}.
 * </ul>
 *
 * Each is copied byte for byte after its subject, HEAD-only when the destination has it, and
 * then what refers to it in turn (a signature of an SBOM). A destination without the referrers
 * API gets the tag schema index, merged with the one it may already have (an entry there is never
 * dropped). A subject's referrers go into a repository once per run.
 */
final class ReferrerCopier {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReferrerCopier.class);

  /** What copying lends the referrers: reading the source, and writing a manifest's parts. */
  interface Content {
    /** The source manifest with this digest. */
    Manifest fetch(Digest digest);

    /** Whether the destination holds the manifest with this digest. */
    boolean destinationHas(Digest digest);

    /** Copies everything {@code manifest} references into the destination, so it can be written. */
    void copyPartsOf(Manifest manifest);
  }

  /** What refers to one subject at the source: an index of OCI referrers (if any), and cosign tags. */
  record Found(Optional<Manifest> list, boolean exactSourceIndex, List<String> cosignTags) {
    int size() {
      return list.map(l -> l.manifests().size()).orElse(0) + cosignTags.size();
    }
  }

  static final List<String> COSIGN_SUFFIXES = List.of(".sig", ".att", ".sbom");
  /** A signature of an attestation of an SBOM ... deep enough for anything real; a loop stops here too. */
  private static final int MAX_DEPTH = 8;

  private final RepositoryClient source;
  private final RepositoryClient destination;
  private final dev.imagesync.image.ImageReference sourceRepository;
  private final dev.imagesync.image.ImageReference destinationRepository;
  private final List<String> types;
  private final ReferrerLedger ledger;
  private final Content content;
  private final Transfers transfers;
  private final AtomicInteger carried = new AtomicInteger();
  private final AtomicInteger present = new AtomicInteger();
  /** Referrers found below the depth limit, not carried. */
  private final AtomicInteger cut = new AtomicInteger();
  /** Referrers the destination refused (each on its own), and the first refusal in words. */
  private final AtomicInteger refused = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicReference<String> firstRefusal = new java.util.concurrent.atomic.AtomicReference<>();

  /** {@code types}: artifact types to carry, empty for all. */
  ReferrerCopier(RepositoryClient source, dev.imagesync.image.ImageReference sourceRepository, RepositoryClient destination,
      dev.imagesync.image.ImageReference destinationRepository,
      List<String> types, ReferrerLedger ledger, Content content, Transfers transfers) {
    this.source = source;
    this.destination = destination;
    this.sourceRepository = sourceRepository;
    this.destinationRepository = destinationRepository;
    this.types = List.copyOf(types);
    this.ledger = ledger;
    this.content = content;
    this.transfers = transfers;
  }

  /** Referrers written to the destination so far. */
  int carried() {
    return carried.get();
  }

  /** Referrers the destination already had. */
  int present() {
    return present.get();
  }

  /** The referrers tag of a digest: {@code sha256-HEX}. */
  static String schemaTag(Digest subject) {
    return subject.toString().replace(':', '-');
  }

  /**
   * Carries the referrers of a copied manifest and of every manifest under it ({@code top}, when it
   * is an index: each child, nested indexes walked). {@code subsetOf}: the source index a platform
   * subset was made from — its referrers refer to a digest the destination does not have, so they
   * are counted, not carried. Returns the notes for the output.
   */
  List<String> carryFor(Digest written, java.util.function.Supplier<Optional<Manifest>> top, Optional<Digest> subsetOf) {
    if (!anyCanBeFound(written)) {
      return List.of(); // nothing in this repository refers to anything: not even the index is read
    }
    List<Digest> subjects = new ArrayList<>();
    subjects.add(written);
    top.get().ifPresent(t -> collectChildren(t, subjects, 0));
    carry(subjects);
    List<String> notes = new ArrayList<>();
    if (carried() + present() > 0) {
      notes.add("referrers: " + carried() + " carried, " + present() + " already there");
    }
    if (refused.get() > 0) {
      int total = carried() + present() + refused.get();
      notes.add((carried() + present()) + " of " + total + " referrers carried; " + refused.get() + " refused by the destination ("
          + firstRefusal.get() + ")");
    }
    if (cut.get() > 0) {
      String said = "referrer chain cut at " + MAX_DEPTH + " levels: " + cut.get() + " referrer" + (cut.get() == 1 ? "" : "s")
          + " below it (and what refers to " + (cut.get() == 1 ? "it" : "them") + ") not carried";
      LOG.warn("{}: {}", sourceRepository.repositoryName() + "@" + written, said);
      notes.add(said);
    }
    if (subsetOf.isPresent()) {
      int left = find(subsetOf.get()).size();
      if (left > 0) {
        notes.add(left + " referrer" + (left == 1 ? "" : "s") + " of the source index not carried: they refer to " + subsetOf.get()
            + ", which the subset is not");
      }
    }
    return notes;
  }

  /**
   * Whether the source repository can hold referrers of anything: it has the referrers API, or a
   * tag of the {@code sha256-} kind (the tag schema, cosign's tags). Without either, a copy that
   * finds its tags up to date costs one tag list per repository and one question per registry.
   */
  private boolean anyCanBeFound(Digest probe) {
    Set<String> tags = ledger.tagsOf(sourceRepository.repositoryName(), source::listTags);
    if (tags.stream().anyMatch(t -> t.startsWith("sha256-"))) {
      return true;
    }
    return ledger.hasApi(sourceRepository.registry(), () -> source.referrers(probe, Optional.empty()).isPresent());
  }

  /** Every manifest under an index, nested indexes walked, in document order. */
  private void collectChildren(Manifest manifest, List<Digest> into, int depth) {
    if (!manifest.isIndex() || depth > MAX_DEPTH) {
      return;
    }
    for (Descriptor child : manifest.manifests()) {
      into.add(child.digest());
      if (dev.imagesync.image.MediaTypes.isIndex(child.mediaType())) {
        collectChildren(content.fetch(child.digest()), into, depth + 1);
      }
    }
  }

  /** Carries the referrers of every subject (in parallel), and theirs. */
  void carry(List<Digest> subjects) {
    List<Runnable> work = new ArrayList<>();
    subjects.forEach(s -> work.add(() -> carry(s, 0)));
    transfers.all(work);
  }

  private void carry(Digest subject, int depth) {
    if (!ledger.firstVisit(destinationRepository.repositoryName(), subject)) {
      return; // carried already, or a loop
    }
    if (depth > MAX_DEPTH) {
      cut.addAndGet(find(subject).size()); // said, not cut silently
      return;
    }
    Found found = find(subject);
    List<Descriptor> entries = found.list().map(Manifest::manifests).orElse(List.of());
    // Each referrer succeeds or fails on its own: one the destination refuses (Quay refuses some
    // artifact types) keeps none of the others out; it is said, with the registry's reason.
    List<Digest> next = new ArrayList<>();
    for (Descriptor entry : entries) {
      if (onItsOwn(entry.digest().toString(), () -> copyByDigest(entry.digest()))) {
        next.add(entry.digest());
      }
    }
    for (String tag : found.cosignTags()) {
      java.util.concurrent.atomic.AtomicReference<Optional<Digest>> copied = new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());
      if (onItsOwn(tag, () -> copied.set(copyTag(tag)))) {
        copied.get().ifPresent(next::add);
      }
    }
    if (!entries.isEmpty() && !destinationHasApi(subject)) {
      Set<Digest> there = new HashSet<>(next);
      boolean all = entries.stream().allMatch(e -> there.contains(e.digest()));
      if (!there.isEmpty() || all) {
        // The tag schema's index lists only what the destination has.
        updateTagSchema(subject, all ? found : new Found(found.list().map(l -> l.withOnlyEntries(there)), false, found.cosignTags()));
      }
    }
    for (Digest d : next) {
      carry(d, depth + 1);
    }
  }

  /** What refers to {@code subject} at the source, filtered by the artifact types asked for. */
  Found find(Digest subject) {
    Set<String> tags = ledger.tagsOf(sourceRepository.repositoryName(), source::listTags);
    String registry = sourceRepository.registry();
    Optional<Manifest> list = Optional.empty();
    boolean exact = false;
    if (!ledger.knownWithoutApi(registry)) {
      // The first subject's request tells whether the registry has the API at all; the jobs
      // asking meanwhile wait for that answer rather than each finding the same 404.
      java.util.concurrent.atomic.AtomicReference<Optional<Manifest>> asked = new java.util.concurrent.atomic.AtomicReference<>();
      Optional<String> filter = types.size() == 1 ? Optional.of(types.get(0)) : Optional.empty();
      boolean api = ledger.hasApi(registry, () -> {
        asked.set(source.referrers(subject, filter));
        return asked.get().isPresent();
      });
      if (api) {
        list = asked.get() != null ? asked.get() : source.referrers(subject, filter);
      }
    }
    String schemaTag = schemaTag(subject);
    if (list.isEmpty() && tags.contains(schemaTag)) {
      list = source.getManifest(schemaTag).filter(Manifest::isIndex);
      exact = list.isPresent();
    }
    if (list.isPresent() && !types.isEmpty()) {
      Set<Digest> keep = new HashSet<>();
      list.get().manifests().stream().filter(e -> e.artifactType().filter(types::contains).isPresent()).forEach(e -> keep.add(e.digest()));
      if (keep.size() < list.get().manifests().size()) {
        list = Optional.of(list.get().withOnlyEntries(keep));
        exact = false;
      }
    }
    list = list.filter(l -> !l.manifests().isEmpty());
    List<String> cosign = COSIGN_SUFFIXES.stream().map(s -> schemaTag + s).filter(tags::contains).toList();
    return new Found(list, exact, cosign);
  }

  /**
   * Runs the copy of one referrer; a refusal (the destination's answer, or a manifest that cannot
   * be copied) is counted and said, and the others go on. A broken link is no refusal: it fails
   * the image, so that the next run carries its referrers.
   */
  private boolean onItsOwn(String what, Runnable copy) {
    try {
      copy.run();
      return true;
    } catch (RegistryException e) {
      if (e.kind() == RegistryException.Kind.NETWORK) {
        throw e;
      }
      refuse(what, e.getMessage());
    } catch (CopyFailure | dev.imagesync.image.InvalidManifestException e) {
      refuse(what, e.getMessage());
    }
    return false;
  }

  private void refuse(String what, String reason) {
    refused.incrementAndGet();
    String said = what + ": " + reason;
    firstRefusal.compareAndSet(null, said);
    LOG.warn("{}: referrer {} not carried: {}", sourceRepository.repositoryName(), what, reason);
  }

  private void copyByDigest(Digest digest) {
    if (content.destinationHas(digest)) {
      present.incrementAndGet();
      return;
    }
    Manifest manifest = content.fetch(digest);
    content.copyPartsOf(manifest);
    destination.putManifest(digest.toString(), manifest);
    carried.incrementAndGet();
  }

  /** Copies a cosign tag unless the destination has it; its digest, or empty when it is not carried. */
  private Optional<Digest> copyTag(String tag) {
    Optional<ManifestHead> at = source.headManifest(tag);
    if (at.isEmpty()) {
      return Optional.empty(); // removed since the tags were listed
    }
    Digest digest = at.get().digest();
    Manifest manifest = null;
    if (!types.isEmpty()) {
      manifest = content.fetch(digest);
      if (cosignType(manifest).filter(types::contains).isEmpty()) {
        return Optional.empty();
      }
    }
    Optional<ManifestHead> there = destination.headManifest(tag);
    if (there.isPresent() && there.get().digest().equals(digest)) {
      present.incrementAndGet();
      return Optional.of(digest);
    }
    if (manifest == null) {
      manifest = content.fetch(digest);
    }
    content.copyPartsOf(manifest);
    destination.putManifest(tag, manifest);
    carried.incrementAndGet();
    return Optional.of(digest);
  }

  /**
   * The type of a cosign tag's manifest: its {@code artifactType} when it declares one, else its
   * first layer's media type — cosign's own ({@code application/vnd.dev.cosign.simplesigning.v1+json}
   * for a signature, {@code application/vnd.dsse.envelope.v1+json} for an attestation, the SBOM's
   * format for an SBOM); its config's is a generic image config's.
   */
  static Optional<String> cosignType(Manifest manifest) {
    Optional<String> declared = manifest.declaredArtifactType();
    if (declared.isPresent() || manifest.isIndex()) {
      return declared;
    }
    return manifest.layers().stream().findFirst().map(Descriptor::mediaType).filter(t -> !t.isEmpty()).or(manifest::artifactType);
  }

  /** Whether the destination registry has the referrers API (then a pushed referrer is listed by it). */
  private boolean destinationHasApi(Digest subject) {
    return ledger.hasApi(destinationRepository.registry(), () -> destination.referrers(subject, Optional.empty()).isPresent());
  }

  /**
   * The destination's {@code sha256-HEX} index made to list every referrer found: written as the
   * source's (byte for byte) where there was none, else merged into the one there.
   */
  private void updateTagSchema(Digest subject, Found found) {
    String tag = schemaTag(subject);
    Manifest list = found.list().orElseThrow();
    Optional<ManifestHead> there = destination.headManifest(tag);
    if (there.isPresent() && there.get().digest().equals(list.digest())) {
      return;
    }
    Manifest base;
    if (there.isPresent()) {
      base = destination.getManifest(tag).orElseGet(Manifest::emptyIndex);
      if (!base.isIndex()) {
        throw new CopyFailure("destination tag " + tag + " is not an index, so it cannot list the referrers of " + subject);
      }
    } else {
      base = found.exactSourceIndex() ? list : Manifest.emptyIndex();
    }
    Manifest merged = base.withEntriesAdded(list);
    if (there.isPresent() && merged == base) {
      return; // it lists them all already
    }
    destination.putManifest(tag, merged);
  }
}
