package dev.imagesync.registry;

import dev.imagesync.image.Digest;
import dev.imagesync.image.Manifest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RepositoryClient} over the OCI distribution API: one small class per endpoint (manifests,
 * tags, blobs, uploads), all sending through the repository's transport chain (see {@link
 * RegistrySession}).
 */
final class HttpRepositoryClient implements RepositoryClient {

  private final ManifestCalls manifests;
  private final TagCalls tags;
  private final ReferrerCalls referrers;
  private final BlobCalls blobs;
  private final BlobUpload uploads;
  private final TagRemoval tagRemoval;

  /**
   * {@code largestAccepted}: the largest blob the registry took in this namespace (see {@link
   * BlobUpload}); {@code resumes}: how a blob read that breaks is taken up again.
   */
  HttpRepositoryClient(RepositoryEndpoint at, Optional<String> mountFrom, AtomicLong largestAccepted, Retrying.Policy resumes) {
    this.manifests = new ManifestCalls(at);
    this.tags = new TagCalls(at);
    this.referrers = new ReferrerCalls(at);
    this.blobs = new BlobCalls(at, resumes);
    this.uploads = new BlobUpload(at, blobs, mountFrom, largestAccepted);
    this.tagRemoval = new TagRemoval(manifests, blobs, uploads);
  }

  @Override
  public Optional<ManifestHead> headManifest(String reference) {
    return manifests.head(reference);
  }

  @Override
  public Optional<Manifest> getManifest(String reference) {
    return manifests.get(reference);
  }

  @Override
  public void putManifest(String reference, Manifest manifest) {
    manifests.put(reference, manifest);
  }

  @Override
  public List<String> listTags() {
    return tags.list();
  }

  @Override
  public boolean deleteManifest(String reference) {
    return manifests.delete(reference);
  }

  @Override
  public TagDeletion deleteTag(String tag) {
    return tagRemoval.delete(tag);
  }

  @Override
  public void checkPushable() {
    uploads.probe();
  }

  @Override
  public Optional<Manifest> referrers(Digest subject, Optional<String> artifactType) {
    return referrers.list(subject, artifactType);
  }

  @Override
  public boolean blobExists(Digest digest) {
    return blobs.exists(digest);
  }

  @Override
  public BlobContent blob(Digest digest) {
    return blobs.content(digest);
  }

  @Override
  public BlobPushOutcome pushBlob(Digest digest, long size, BlobContent content, Optional<String> mountFrom) {
    return uploads.push(digest, size, content, mountFrom);
  }
}
