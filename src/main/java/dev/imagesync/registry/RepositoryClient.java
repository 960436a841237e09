package dev.imagesync.registry;

import dev.imagesync.image.Digest;
import dev.imagesync.image.Manifest;
import java.util.Optional;

/**
 * One repository on one registry: everything imagesync asks of a registry, in our own terms.
 * Manifests travel as raw bytes (never re-serialised); blobs as streams. Implementations turn
 * every failure into a {@link RegistryException} with a one-line message.
 */
public interface RepositoryClient {

  /** HEAD a manifest by tag or digest: its digest and media type, or empty when absent. */
  Optional<ManifestHead> headManifest(String reference);

  /** GET a manifest by tag or digest, exactly as served; empty when absent. */
  Optional<Manifest> getManifest(String reference);

  /** PUT the manifest's bytes under a tag or its digest. */
  void putManifest(String reference, Manifest manifest);

  /** Every tag of the repository, following the registry's pagination; empty when it has none. */
  java.util.List<String> listTags();

  /**
   * Deletes {@code reference}: a tag (only that tag, where the registry can; OCI 1.1) or a
   * manifest by digest (with every tag that points at it). Returns false when the registry
   * cannot delete a tag by itself (it answers that deleting by tag is unsupported), so that the
   * caller decides whether deleting the digest is safe; throws when deletes are refused.
   */
  default boolean deleteManifest(String reference) {
    throw new RegistryException(RegistryException.Kind.OTHER, "deleting is not supported here");
  }

  /**
   * Checks that the repository takes a push before anything is pulled for it (where pulls are
   * counted): throws the refusal a push would meet. Nothing is written.
   */
  default void checkPushable() {}

  /** How {@link #deleteTag} removed a tag. */
  enum TagDeletion {
    /** The registry deleted the tag by name. */
    DELETED,
    /** The registry deletes only manifests: the tag was moved onto a placeholder of its own, which was deleted. */
    UNTAGGED
  }

  /**
   * Deletes {@code tag} and nothing else: never the manifest it points at, never another tag
   * (see {@link TagRemoval}). A tag already gone is no failure.
   */
  default TagDeletion deleteTag(String tag) {
    if (deleteManifest(tag)) {
      return TagDeletion.DELETED;
    }
    throw new RegistryException(RegistryException.Kind.UNSUPPORTED, "deleting a tag alone is not supported here");
  }

  /**
   * What refers to {@code subject} through the OCI referrers API, as one index of descriptors (all
   * pages), or empty when the registry has no such API. {@code artifactType}: a filter the
   * registry may apply.
   */
  Optional<Manifest> referrers(Digest subject, Optional<String> artifactType);

  /** HEAD a blob. */
  boolean blobExists(Digest digest);

  /** A blob of this repository as a lazy stream: nothing is fetched until it is written. */
  BlobContent blob(Digest digest);

  /**
   * Puts a blob of {@code size} bytes, streaming {@code content} into the registry. With {@code
   * mountFrom} (another repository of the same registry that holds the blob), or else the mount
   * source the client was opened with, a cross-repository mount is asked for first; when the
   * registry declines it (202: it, or the credentials, do not allow it), the blob is uploaded into
   * the session that answer opened.
   */
  BlobPushOutcome pushBlob(Digest digest, long size, BlobContent content, Optional<String> mountFrom);

  /** {@link #pushBlob(Digest, long, BlobContent, Optional)} with the client's own mount source. */
  default BlobPushOutcome pushBlob(Digest digest, long size, BlobContent content) {
    return pushBlob(digest, size, content, Optional.empty());
  }

  /** What the destination did with a pushed blob. */
  enum BlobPushOutcome {
    UPLOADED,
    MOUNTED
  }
}
