package dev.imagesync.sync;

import dev.imagesync.config.SyncJob;
import dev.imagesync.image.Descriptor;
import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.InvalidManifestException;
import dev.imagesync.image.Manifest;
import dev.imagesync.image.MediaTypes;
import dev.imagesync.image.Platform;
import dev.imagesync.registry.ManifestHead;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.registry.Repositories;
import dev.imagesync.registry.RepositoryClient;
import dev.imagesync.registry.RepositoryClient.BlobPushOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one {@link SyncJob}: one source image into one destination repository under its tags.
 *
 * <p>The order is the contract that keeps a destination consistent at every moment: blobs before
 * the manifest that references them, child manifests before their index, and a tag only once
 * everything under it is present. A tag whose destination digest already equals the source's is
 * skipped after HEAD requests alone.
 */
final class ImageCopier {

  private static final Logger LOG = LoggerFactory.getLogger(ImageCopier.class);

  /** Image configs are small JSON documents; a larger "config" is not one. */
  private static final int MAX_CONFIG_BYTES = 8 << 20;

  private final SyncJob job;
  private final RepositoryClient source;
  private final RepositoryClient destination;
  private final CopyStats stats;
  /** Blobs and manifests this job already knows the destination holds. */
  private final Set<Digest> present = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final boolean dryRun;
  /** Whether content the destination should have is checked (manifests read, blobs HEADed) and sent again where missing. */
  private boolean repair;
  private final ContentLedger ledger;
  /** What the source tag pointed at, once known. */
  private Optional<Digest> sourceDigest = Optional.empty();
  /** Bytes this job uploaded (blobs other jobs or the destination already had are not counted). */
  private final java.util.concurrent.atomic.AtomicLong bytesUploaded = new java.util.concurrent.atomic.AtomicLong();
  private final Transfers transfers;

  private final TagCommits commits;
  /** The run's registries: whether the source counts pulls (then a destination is checked before the first pull for it). */
  private final Repositories repositories;
  /** The run's source manifests: each digest pulled once per run. */
  private final SourceManifests manifests;
  /** Makes the destination repository ready before its first write (creates it public on Aliyun ACR). */
  private final PreparedRepositories prepared;
  /** Carries what refers to the copied manifests, when this job asks for it (never in a dry run). */
  private final Optional<ReferrerCopier> referrers;

  private ImageCopier(SyncJob job, Repositories repositories, CopyStats stats, ContentLedger ledger, boolean dryRun, TagCommits commits,
      Transfers transfers, ReferrerPolicy policy, ReferrerLedger referrerLedger, PreparedRepositories prepared, SourceManifests manifests) {
    this.manifests = manifests;
    this.repositories = repositories;
    this.commits = commits;
    this.prepared = prepared;
    this.transfers = transfers;
    this.job = job;
    this.dryRun = dryRun;
    this.ledger = ledger;
    this.source = repositories.openForPull(job.source());
    this.destination = repositories.openForPush(job.destination(), Optional.of(job.source()));
    this.stats = stats;
    boolean carry = !dryRun && (policy.everyJob() || job.referrers());
    this.referrers = carry
        ? Optional.of(new ReferrerCopier(source, job.source(), destination, job.destination(),
            policy.types(), referrerLedger, new ReferrerCopier.Content() {
              @Override
              public Manifest fetch(Digest digest) {
                return ImageCopier.this.fetch(digest);
              }

              @Override
              public boolean destinationHas(Digest digest) {
                return ImageCopier.this.destinationHas(digest);
              }

              @Override
              public void copyPartsOf(Manifest manifest) {
                copyContentOf(manifest, true);
              }
            }, transfers))
        : Optional.empty();
  }

  /**
   * Copies {@code job}; never throws: every tag gets a result. With {@code dryRun}, stops after
   * comparing digests and says which tags would be copied.
   */
  static JobResult copy(SyncJob job, Repositories repositories, CopyStats stats, ContentLedger ledger, boolean dryRun, TagCommits commits) {
    return copy(job, repositories, stats, ledger, dryRun, commits, Transfers.sequential());
  }

  static JobResult copy(SyncJob job, Repositories repositories, CopyStats stats, ContentLedger ledger, boolean dryRun, TagCommits commits,
      Transfers transfers) {
    return copy(job, repositories, stats, ledger, dryRun, commits, transfers, ReferrerPolicy.ONLY_WHERE_ASKED, new ReferrerLedger(),
        new PreparedRepositories(dev.imagesync.registry.RepositoryCreation.NONE));
  }

  static JobResult copy(SyncJob job, Repositories repositories, CopyStats stats, ContentLedger ledger, boolean dryRun, TagCommits commits,
      Transfers transfers, ReferrerPolicy policy, ReferrerLedger referrerLedger, PreparedRepositories prepared) {
    return copy(job, repositories, stats, ledger, dryRun, commits, transfers, policy, referrerLedger, prepared, new SourceManifests());
  }

  /** The same, with the run's {@code manifests}: what other jobs of the run fetched from the source is not pulled again. */
  static JobResult copy(SyncJob job, Repositories repositories, CopyStats stats, ContentLedger ledger, boolean dryRun, TagCommits commits,
      Transfers transfers, ReferrerPolicy policy, ReferrerLedger referrerLedger, PreparedRepositories prepared, SourceManifests manifests) {
    return copy(job, repositories, stats, ledger, dryRun, commits, transfers, policy, referrerLedger, prepared, manifests, false);
  }

  /** The same; {@code repair}: a tag already at the source's digest has what it reaches checked, and what is missing sent again. */
  static JobResult copy(SyncJob job, Repositories repositories, CopyStats stats, ContentLedger ledger, boolean dryRun, TagCommits commits,
      Transfers transfers, ReferrerPolicy policy, ReferrerLedger referrerLedger, PreparedRepositories prepared, SourceManifests manifests,
      boolean repair) {
    long start = System.nanoTime();
    List<TagResult> results = new ArrayList<>();
    ImageCopier copier = null;
    try {
      copier = new ImageCopier(job, repositories, stats, ledger, dryRun, commits, transfers, policy, referrerLedger, prepared, manifests);
      copier.repair = repair;
      Copied copied = copier.run(results);
      if (copier.referrers.isPresent() && copied != null) {
        copier.carryReferrers(copied, results);
      }
    } catch (RegistryException | CopyFailure | InvalidManifestException | TagCommits.Refused e) {
      failRemaining(job, results, Optional.empty(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.debug("unexpected failure copying {}", job.source(), e);
      failRemaining(job, results, Optional.empty(), "internal error: " + e);
    }
    return new JobResult(job.source(), job.origin(), results, copier == null ? Optional.empty() : copier.sourceDigest,
        copier == null ? 0 : copier.bytesUploaded.get(), (System.nanoTime() - start) / 1e9, job.platforms(), Optional.empty(),
        copier != null && copier.referrers.isPresent());
  }

  /**
   * What the job's tags hold now. {@code top}: the manifest written, when it was read;
   * {@code subset}: whether it is a platform subset of the source index.
   */
  private record Copied(Digest source, String sourceMediaType, Digest written, Manifest top, boolean subset) {}

  /**
   * Carries the referrers of the manifest the tags hold and of every manifest under it, after all
   * of it is there. For a platform subset, those of the source index refer to a digest the
   * destination does not have: counted and said, not carried. A failure here fails the job (its
   * tags stay as they were written) with a line of its own, so the failed list asks for it again.
   */
  private void carryReferrers(Copied copied, List<TagResult> results) {
    ReferrerCopier carrier = referrers.orElseThrow();
    List<String> notes;
    try {
      boolean maybeIndex = MediaTypes.isIndex(copied.sourceMediaType()) || copied.sourceMediaType().isEmpty() || copied.top() != null;
      java.util.function.Supplier<Optional<Manifest>> top =
          () -> !maybeIndex ? Optional.empty() : Optional.of(copied.top() != null ? copied.top() : fetch(copied.written()));
      notes = carrier.carryFor(copied.written(), top, copied.subset() ? Optional.of(copied.source()) : Optional.empty());
    } catch (RuntimeException e) {
      // The tags are written and recorded as copied; this line fails the entry, so it runs again.
      boolean expected = e instanceof RegistryException || e instanceof CopyFailure || e instanceof InvalidManifestException;
      if (!expected) {
        LOG.debug("unexpected failure carrying referrers of {}", job.source(), e);
      }
      String tag = job.tags().get(0);
      results.add(TagResult.failed(job.source(), job.target(tag), Optional.of(copied.written()),
          "referrers not carried: " + (expected ? e.getMessage() : "internal error: " + e)));
      return;
    }
    stats.referrersCarried.addAndGet(carrier.carried());
    stats.referrersPresent.addAndGet(carrier.present());
    if (!notes.isEmpty()) {
      String add = String.join("; ", notes);
      results.replaceAll(r -> r.status() == TagResult.Status.FAILED ? r
          : new TagResult(r.status(), r.source(), r.target(), r.digest(), Optional.of(r.note().map(n -> n + "; " + add).orElse(add)), r.reason()));
    }
  }

  private static void failRemaining(SyncJob job, List<TagResult> results, Optional<Digest> digest, String reason) {
    Set<ImageReference> done = results.stream().map(TagResult::target).collect(Collectors.toSet());
    for (String tag : job.tags()) {
      ImageReference target = job.target(tag);
      if (!done.contains(target)) {
        results.add(TagResult.failed(job.source(), target, digest, reason));
      }
    }
  }

  /** Copies the job's tags; what they hold afterwards, or null when nothing was written (a dry run). */
  private Copied run(List<TagResult> results) {
    // What the destination tags hold is asked while the source is: one round trip, not two in a
    // row (and one for all of the job's tags, not one per tag).
    Map<String, CompletableFuture<Optional<ManifestHead>>> destinationTags = new LinkedHashMap<>();
    for (String tag : job.tags()) {
      destinationTags.put(tag, transfers.start(() -> destination.headManifest(tag)));
    }
    String reference = job.source().manifestReference();
    ManifestHead head =
        source.headManifest(reference)
            .orElseThrow(() -> new CopyFailure("source " + job.source() + " not found"));
    sourceDigest = Optional.of(head.digest());
    refuseSchema1(head.mediaType());
    // Before anything of it is written: an image the list wants verified is signed by one of its keys.
    Optional<String> verified = job.verify().map(v -> "verified by " + SignatureCheck.verify(job, v, head.digest(), repositories, source));

    // What the destination tags must end up holding. Without a platform filter that is the
    // source's own digest, known from the HEAD; a filter needs the source document itself.
    Manifest top = null;
    Digest expected = head.digest();
    Optional<String> note = Optional.empty();
    Optional<String> madeReady = Optional.empty();
    if (!job.platforms().isEmpty()) {
      if (!dryRun && repositories.countsPulls(job.source().registry())) {
        // Reading the index to choose platforms is a pull: where pulls are counted, the
        // destination is asked first whether it will take the push (see copyPending).
        madeReady = prepared.before(job.destination(), destination::checkPushable);
      }
      top = fetch(head.digest());
      if (top.isIndex() && top.manifests().stream().allMatch(d -> d.platform().isEmpty() && !MediaTypes.isIndex(d.mediaType()))) {
        // No entry says a platform (a referrers index, an artifact index): nothing to choose from.
        note = Optional.of("no platforms in this index: copied whole");
      } else if (top.isIndex()) {
        PlatformSelection selection = PlatformSelection.select(top, job.platforms(), job.strictPlatforms(), this::fetch);
        if (selection.subset()) {
          note = Optional.of(selection.note(top.digest()));
        } else if (!selection.missing().isEmpty()) {
          note = Optional.of(selection.lacking().strip());
        }
        if (!selection.missing().isEmpty()) {
          stats.lackingPlatforms.incrementAndGet();
          LOG.warn("{}: the source has no {}: its other platforms are copied (strictPlatforms / --strict-platforms fails instead)",
              job.source(), String.join(", ", selection.missing()));
        }
        top = selection.manifest();
        expected = top.digest();
      } else if (!checkSinglePlatform(top)) {
        // Signatures, attestations, Helm charts: not images, so no platform to filter by.
        note = Optional.of("not an image for a platform (an artifact): copied as it is");
      }
    }

    note = first(madeReady, note);
    note = first(verified, note);
    int resent = 0;
    if (repair && !dryRun && destinationHas(expected)) {
      Digest whole = expected;
      resent = transfers.copying(() -> repairContent(whole));
      if (resent > 0) {
        note = first(Optional.of("repaired: " + resent + " missing part" + (resent == 1 ? "" : "s") + " sent again"), note);
      }
    }
    // The tags to write, each with what it holds now (empty: absent).
    Map<String, Optional<Digest>> pending = new LinkedHashMap<>();
    boolean anyTagThere = false;
    for (String tag : job.tags()) {
      Optional<ManifestHead> there = Transfers.join(destinationTags.get(tag));
      anyTagThere |= there.isPresent();
      if (there.isPresent() && there.get().digest().equals(expected)) {
        results.add(resent > 0 ? TagResult.copied(job.source(), job.target(tag), expected, note)
            : TagResult.skipped(job.source(), job.target(tag), expected, note));
      } else {
        pending.put(tag, there.map(ManifestHead::digest));
      }
    }
    // None of the job's tags exists: the content is most likely new, and asking for it by digest
    // would cost a round trip in a row for nothing; the HEADs of its parts find out the same.
    // Where a tag is there with other content (a tag that moved, a retag), the one HEAD pays.
    boolean askForTheWhole = anyTagThere || job.tags().size() > pending.size();
    boolean subset = !expected.equals(head.digest());
    if (pending.isEmpty()) {
      return new Copied(head.digest(), head.mediaType(), expected, top, subset);
    }
    if (dryRun) {
      for (String tag : pending.keySet()) {
        results.add(TagResult.wouldCopy(job.source(), job.target(tag), expected, note));
      }
      return null;
    }

    Optional<String> firstNote = note;
    Manifest known = top;
    Digest written = expected;
    return transfers.copying(() -> copyPending(head, written, known, firstNote, pending, askForTheWhole, subset, results));
  }

  /** The line's note with {@code said} (when there is one) before what it said already. */
  private static Optional<String> first(Optional<String> said, Optional<String> note) {
    return said.map(s -> note.map(n -> s + "; " + n).orElse(s)).or(() -> note);
  }

  /** Writes the content and the {@code pending} tags (under one of the run's copy slots). */
  private Copied copyPending(ManifestHead head, Digest expected, Manifest top, Optional<String> note, Map<String, Optional<Digest>> pending,
      boolean askForTheWhole, boolean subset, List<TagResult> results) {
    // Where every pull is counted (Docker Hub), a destination that will refuse the push (its
    // namespace missing, no push right) is found before the first pull for it, not after.
    // (Asked now: the source's HEAD has just told whether it announces a pull limit.)
    boolean pullsCounted = repositories.countsPulls(job.source().registry());
    Optional<String> created = prepared.before(job.destination(), pullsCounted ? destination::checkPushable : () -> {});
    note = first(created, note);
    Manifest manifest = top != null ? top : fetch(head.digest());
    // The first pending tag is written inside the claim: it is what creates the manifest in the
    // repository, and other jobs with the same content wait for it and then only add their tags.
    List<String> tagged = new ArrayList<>();
    Optional<String> subsetNote = note;
    String first = pending.keySet().iterator().next();
    exclusively(ContentLedger.Kind.MANIFEST, manifest.digest(), () -> {
      if (!(askForTheWhole && destinationHas(manifest.digest()))) {
        copyContentOf(manifest, askForTheWhole);
        tag(first, pending.get(first), manifest, subsetNote, results);
        tagged.add(first);
      }
    });
    for (Map.Entry<String, Optional<Digest>> tag : pending.entrySet()) {
      if (!tagged.contains(tag.getKey())) {
        tag(tag.getKey(), tag.getValue(), manifest, note, results);
      }
    }
    return new Copied(head.digest(), head.mediaType(), expected, manifest, subset);
  }

  private void tag(String tag, Optional<Digest> was, Manifest manifest, Optional<String> note, List<TagResult> results) {
    commits.beforeTag(job.source(), job.target(tag), manifest.digest(), was);
    destination.putManifest(tag, manifest);
    stats.manifestsPut.incrementAndGet();
    present.add(manifest.digest());
    results.add(TagResult.copied(job.source(), job.target(tag), manifest.digest(), note));
    LOG.debug("tagged {} as {}", manifest.digest(), job.target(tag));
  }

  /**
   * Runs {@code work} as the only job of the run working on this object in this destination
   * repository. Returns false, without running it, when another job already did it.
   */
  private boolean exclusively(ContentLedger.Kind kind, Digest digest, Runnable work) {
    ContentLedger.Claim claim = ledger.claim(kind, job.destination(), digest);
    if (!claim.owner() && claim.awaitOther()) {
      present.add(digest);
      return false;
    }
    if (!claim.owner()) {
      claim = ledger.claim(kind, job.destination(), digest); // their attempt failed: ours now
    }
    try {
      work.run();
      if (claim.owner()) {
        claim.done();
      }
      return true;
    } catch (RuntimeException e) {
      if (claim.owner()) {
        claim.failed(e);
      }
      throw e;
    }
  }

  /** GETs a source manifest by digest (so a tag moving mid-run cannot mix two versions). */
  private Manifest fetch(Digest digest) {
    Manifest m = manifests.get(job.source().registry(), digest, () ->
        source.getManifest(digest.toString())
            .orElseThrow(() -> new CopyFailure("source manifest " + job.source().repositoryName() + "@" + digest + " not found")));
    refuseSchema1(m.mediaType());
    return m;
  }

  private void refuseSchema1(String mediaType) {
    if (MediaTypes.isSchema1(mediaType)) {
      throw new CopyFailure("source " + job.source() + " is a Docker schema 1 manifest (" + mediaType
          + "), which is deprecated and cannot be copied byte for byte; rebuild or re-push it as schema 2 or OCI");
    }
  }

  /**
   * Everything a manifest references, recursively, so that it can then be written. {@code ask}:
   * whether the destination is asked for each part first. Content that is most likely new (no
   * tag of the job was there) is not asked for its child manifests and small blobs: a HEAD costs
   * a round trip in a row, and writing a manifest or a few KiB that were there after all is
   * harmless and costs about the same. Large blobs are always asked for (base layers are shared).
   */
  private void copyContentOf(Manifest manifest, boolean ask) {
    List<Runnable> parts = new ArrayList<>();
    if (manifest.isIndex()) {
      manifest.manifests().forEach(child -> parts.add(() -> copyChildManifest(child, ask)));
    } else {
      manifest.blobs().forEach(blob -> parts.add(() -> copyBlob(blob, ask)));
    }
    transfers.all(parts); // all of them, before the manifest that references them is written
  }

  private void copyChildManifest(Descriptor child, boolean ask) {
    if (present.contains(child.digest())) {
      return;
    }
    exclusively(ContentLedger.Kind.MANIFEST, child.digest(), () -> {
      if (ask && destinationHas(child.digest())) {
        return; // a registry accepts a manifest only when all it references is present
      }
      Manifest manifest = fetch(child.digest());
      copyContentOf(manifest, ask);
      destination.putManifest(child.digest().toString(), manifest);
      stats.manifestsPut.incrementAndGet();
    });
    present.add(child.digest());
  }

  /**
   * {@code sync --repair}: what the destination's manifest {@code digest} reaches, checked in the
   * destination itself (its manifests read there, its blobs HEADed), and what is missing sent again
   * from the source — blobs before the manifests that need them, as always. Returns how many parts
   * were sent. Registries lose blobs (garbage collection bugs, storage incidents) under tags that
   * still answer; a plain sync skips such a tag, as its digest is right.
   */
  private int repairContent(Digest digest) {
    Manifest manifest = destination.getManifest(digest.toString()).orElseThrow(() -> new CopyFailure(job.destination() + "@" + digest
        + " vanished while it was being checked"));
    int sent = 0;
    if (manifest.isIndex()) {
      for (Descriptor child : manifest.manifests()) {
        if (destination.headManifest(child.digest().toString()).isPresent()) {
          sent += repairContent(child.digest());
        } else {
          LOG.info("{}: manifest {} is missing: sent again", job.destination(), child.digest());
          copyChildManifest(child, false);
          sent++;
        }
      }
      return sent;
    }
    for (Descriptor blob : manifest.blobs()) {
      if (!blob.isForeign() && !destination.blobExists(blob.digest())) {
        LOG.info("{}: blob {} is missing: sent again", job.destination(), blob.digest());
        present.remove(blob.digest());
        copyBlob(blob, false);
        sent++;
      }
    }
    return sent;
  }

  private boolean destinationHas(Digest manifestDigest) {
    if (present.contains(manifestDigest)) {
      return true;
    }
    boolean has = destination.headManifest(manifestDigest.toString()).isPresent();
    if (has) {
      present.add(manifestDigest);
    }
    return has;
  }

  /** Blobs up to this size are not asked for first when their content is most likely new. */
  static final long SMALL_BLOB = 64 << 10;

  private void copyBlob(Descriptor blob, boolean ask) {
    if (blob.isForeign() || present.contains(blob.digest())) {
      return;
    }
    if (!exclusively(ContentLedger.Kind.BLOB, blob.digest(), () -> transfer(blob, ask || blob.size() > SMALL_BLOB))) {
      stats.blobsPresent.incrementAndGet(); // another job of this run put it there
    }
    present.add(blob.digest());
  }

  private void transfer(Descriptor blob, boolean ask) {
    if (ask && destination.blobExists(blob.digest())) {
      stats.blobsPresent.incrementAndGet();
      ledger.blobPresent(job.destination(), blob.digest());
      return;
    }
    if (blob.size() <= SMALL_BLOB) {
      // Waiting for another upload and then mounting costs more round trips than sending a small
      // blob again; one already in another repository of this registry is mounted.
      push(blob, ledger.otherHome(job.destination(), blob.digest()));
      return;
    }
    // A large blob crosses the link once per destination registry: when another repository of it
    // holds the blob, or another job is uploading it there now, this one waits and mounts it.
    Optional<String> home = ledger.homeOrUpload(job.destination(), blob.digest());
    if (home.isPresent()) {
      if (home.get().equals(job.destination().repository())) {
        stats.blobsPresent.incrementAndGet();
      } else {
        push(blob, home);
      }
      return;
    }
    boolean pushed = false;
    try {
      push(blob, Optional.empty());
      pushed = true;
    } finally {
      if (!pushed) {
        ledger.uploadFailed(job.destination(), blob.digest()); // whatever stopped it: nobody waits on it
      }
    }
  }

  /**
   * Puts a blob into the destination: mounted from {@code mountFrom} (another repository of its
   * registry that holds it) when the registry agrees, else uploaded from the source.
   */
  private void push(Descriptor blob, Optional<String> mountFrom) {
    BlobPushOutcome outcome = transfers.upload(() -> destination.pushBlob(blob.digest(), blob.size(), source.blob(blob.digest()), mountFrom));
    ledger.blobPresent(job.destination(), blob.digest());
    if (outcome == BlobPushOutcome.MOUNTED) {
      stats.blobsMounted.incrementAndGet();
    } else {
      stats.blobsUploaded.incrementAndGet();
      stats.bytesUploaded.addAndGet(blob.size());
      bytesUploaded.addAndGet(blob.size());
    }
    LOG.debug("{} blob {} ({} bytes) to {}{}", outcome.name().toLowerCase(), blob.digest(), blob.size(), job.destination(),
        outcome == BlobPushOutcome.MOUNTED ? mountFrom.map(from -> " from " + from).orElse("") : "");
  }

  /** Image configs: the media types whose config says os and architecture. */
  private static final Set<String> IMAGE_CONFIGS = Set.of(
      "application/vnd.oci.image.config.v1+json", "application/vnd.docker.container.image.v1+json");

  /**
   * A single-platform source must be one of the requested platforms. Returns false, without a
   * check, for a manifest that is no image for a platform (its config is of another type, or
   * names no os and architecture): an artifact.
   */
  private boolean checkSinglePlatform(Manifest image) {
    Descriptor config = image.config();
    if (config == null || !IMAGE_CONFIGS.contains(config.mediaType())) {
      return false;
    }
    if (config.size() > MAX_CONFIG_BYTES) {
      throw new CopyFailure("source " + job.source() + " has a config of " + config.size() + " bytes; not an image config");
    }
    byte[] bytes;
    try (java.io.InputStream in = source.blob(config.digest()).open()) {
      bytes = in.readNBytes(MAX_CONFIG_BYTES);
    } catch (IOException e) {
      throw new RegistryException(RegistryException.Kind.NETWORK,
          "source " + job.source() + ": cannot read its config (" + e.getMessage() + ")", e);
    }
    Platform actual = Manifest.platformOfConfig(bytes);
    if (actual.os().isEmpty() && actual.architecture().isEmpty()) {
      return false;
    }
    if (job.platforms().stream().noneMatch(p -> p.matches(actual))) {
      throw new CopyFailure("source " + job.source() + " is single-platform " + actual + ", not "
          + job.platforms().stream().map(Platform::toString).collect(Collectors.joining(", ")));
    }
    return true;
  }

}
