package dev.imagesync.registry;

import dev.imagesync.image.Digest;
import dev.imagesync.image.Manifest;
import dev.imagesync.image.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deletes one tag and nothing else. Where the registry deletes tags by name (OCI 1.1 {@code DELETE
 * /v2/NAME/manifests/TAG}) that is all; where it deletes only manifests (distribution 2.x, Harbor),
 * the tag is first pointed at a placeholder manifest of its own — a manifest no other tag can
 * hold, as it carries a random annotation — and that placeholder is deleted by digest, taking
 * only this tag with it. Deleting the tag's real manifest by digest instead would delete every
 * other tag on it, including one another run writes between a check and the DELETE; the
 * placeholder has no such window. (regclient's {@code TagDelete} does the same.) The real manifest
 * stays, untagged, until the registry's garbage collection removes it.
 */
final class TagRemoval {

  /** The placeholder's config: an image of no layers (written once per repository). */
  private static final byte[] CONFIG =
      "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8);
  private static final Digest CONFIG_DIGEST = Digest.sha256(CONFIG);

  private final ManifestCalls manifests;
  private final BlobCalls blobs;
  private final BlobUpload uploads;
  /** Whether the registry deletes tags by name: null until its first answer (asked once, not by every thread at once). */
  private volatile Boolean byName;
  private volatile boolean configWritten;

  TagRemoval(ManifestCalls manifests, BlobCalls blobs, BlobUpload uploads) {
    this.manifests = manifests;
    this.blobs = blobs;
    this.uploads = uploads;
  }

  RepositoryClient.TagDeletion delete(String tag) {
    if (Digest.isDigest(tag)) {
      throw new IllegalArgumentException("a tag, not a digest: " + tag);
    }
    if (byName == null) {
      synchronized (this) {
        if (byName == null) {
          // The first answer is checked: a registry that routes DELETE only for digests may answer
          // a tag with 404, which reads as "gone already" while the tag stays.
          byName = manifests.delete(tag) && manifests.head(tag).isEmpty();
          if (byName) {
            return RepositoryClient.TagDeletion.DELETED;
          }
          // (this tag: through a placeholder, below)
        } else if (byName && manifests.delete(tag)) {
          return RepositoryClient.TagDeletion.DELETED; // waited while another thread asked: its answer holds
        }
      }
    } else if (byName && manifests.delete(tag)) {
      return RepositoryClient.TagDeletion.DELETED;
    }
    Manifest placeholder = placeholder(tag);
    writeConfig();
    manifests.put(tag, placeholder);
    manifests.delete(placeholder.digest().toString());
    return RepositoryClient.TagDeletion.UNTAGGED;
  }

  private void writeConfig() {
    if (!configWritten) {
      synchronized (this) {
        if (!configWritten && !blobs.exists(CONFIG_DIGEST)) {
          uploads.push(CONFIG_DIGEST, CONFIG.length, () -> new java.io.ByteArrayInputStream(CONFIG), java.util.Optional.empty());
        }
        configWritten = true;
      }
    }
  }

  /** A manifest of no layers that only this deletion writes: its annotations name the tag and a random id. */
  static Manifest placeholder(String tag) {
    String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG_DIGEST + "\",\"size\":" + CONFIG.length + "},\"layers\":[],"
        + "\"annotations\":{\"dev.imagesync.untagging\":" + dev.imagesync.image.Json.quoted(tag) + ",\"dev.imagesync.untagging.id\":\"" + UUID.randomUUID() + "\"}}";
    return Manifest.of(json.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST);
  }
}
