package dev.imagesync.registry;

import dev.imagesync.image.Descriptor;
import dev.imagesync.image.Digest;
import dev.imagesync.image.Json;
import dev.imagesync.image.Manifest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code docker save} tar written as a repository ({@code docker-archive:PATH[:NAME:TAG]}), for
 * {@code docker load} and skopeo: each blob as it arrives, whole and checked against its digest,
 * under {@code blobs/sha256/HEX} (docker 25's own layout), then, when the run has written its
 * images ({@link #finish}), {@code manifest.json} naming each image's config, layers and NAME:TAG.
 * Config and layers keep their digests (layers are not decompressed: docker load takes them
 * compressed); the registry's manifest is not kept — an archive has none, and holds one platform
 * per image. The tar is written beside PATH and renamed over it at the end, so a failed or killed
 * run leaves PATH as it was. One archive takes every image a run sends it ({@code sync --to
 * docker-archive:FILE}); a blob that fails is cut off again, so one image's failure costs only it.
 */
final class DockerArchiveDestination implements RepositoryClient {

  private final Path file;
  private final Path partial;
  private java.nio.channels.FileChannel channel;
  private OutputStream out;
  private TarWriter tar;
  private final Set<Digest> written = new LinkedHashSet<>();
  private final Map<Digest, Manifest> manifests = new HashMap<>();
  /** manifest.json's entries: config path, NAME:TAG, layer paths; in the order written. */
  private final List<String> images = new ArrayList<>();
  /** A write failed part-way: the tar is gone, and nothing more is written to it in this run. */
  private boolean broken;
  /** The run is stopping before its end (a signal): the tar is gone, whatever a job still writes. */
  private volatile boolean discarded;

  DockerArchiveDestination(Path file) {
    this.file = file;
    this.partial = file.resolveSibling(file.getFileName() + ".imagesync-partial");
  }

  private static String path(Digest d) {
    return "blobs/sha256/" + d.toString().substring("sha256:".length());
  }

  private TarWriter tar() throws IOException {
    if (broken) {
      throw new IOException("an earlier write to it failed in this run");
    }
    if (discarded) {
      throw new IOException("the run is stopping");
    }
    if (tar == null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      channel = java.nio.channels.FileChannel.open(partial, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
          java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
      out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
      tar = new TarWriter(out);
    }
    return tar;
  }

  /** Where the next tar member starts: everything before it written out. */
  private long mark() throws IOException {
    tar();
    out.flush();
    return channel.position();
  }

  /**
   * A member that could not be written whole (its source failed mid-way, or its bytes were not its
   * digest) is cut off the tar, which goes on from {@code mark}: the other images of the run still
   * go in, and the blob may be sent again. Only when that fails is the archive given up.
   */
  private void rollBack(long mark) {
    try {
      channel.truncate(mark);
      channel.position(mark);
      // The buffer held the cut member's bytes: a new one, the old dropped unwritten.
      out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
      tar = new TarWriter(out);
    } catch (IOException | RuntimeException e) {
      abandon();
    }
  }

  @Override
  public synchronized Optional<ManifestHead> headManifest(String reference) {
    return Optional.ofNullable(manifests.get(Digest.isDigest(reference) ? Digest.parse(reference) : null))
        .map(m -> new ManifestHead(m.digest(), m.mediaType(), m.size()));
  }

  @Override
  public synchronized Optional<Manifest> getManifest(String reference) {
    return Digest.isDigest(reference) ? Optional.ofNullable(manifests.get(Digest.parse(reference))) : Optional.empty();
  }

  @Override
  public synchronized boolean blobExists(Digest digest) {
    return written.contains(digest);
  }

  @Override
  public synchronized BlobPushOutcome pushBlob(Digest digest, long size, BlobContent content, Optional<String> mountFrom) {
    if (written.contains(digest)) {
      return BlobPushOutcome.UPLOADED;
    }
    long mark;
    try {
      mark = mark();
    } catch (IOException e) {
      abandon();
      throw new RegistryException(RegistryException.Kind.OTHER, "docker-archive:" + file + ": cannot write " + digest.shortHex() + ": "
          + e.getMessage(), e);
    }
    String got;
    try (InputStream in = content.open()) {
      MessageDigest hash = digest.newHasher();
      tar.file(path(digest), size, new DigestInputStream(in, hash));
      got = java.util.HexFormat.of().formatHex(hash.digest());
    } catch (IOException e) {
      rollBack(mark);
      throw RegistryException.carriedBy(e).orElseGet(() -> new RegistryException(RegistryException.Kind.OTHER,
          "docker-archive:" + file + ": cannot write " + digest.shortHex() + ": " + e.getMessage(), e));
    } catch (RuntimeException e) { // the source gave up mid-way
      rollBack(mark);
      throw e;
    }
    if (!got.equals(digest.hex())) {
      rollBack(mark);
      throw new RegistryException(RegistryException.Kind.OTHER, "docker-archive:" + file + ": blob " + digest + " arrived as "
          + digest.algorithm() + ":" + got);
    }
    written.add(digest);
    return BlobPushOutcome.UPLOADED;
  }

  /**
   * A child manifest (by digest) is kept for its index; a tag names an image: the manifest itself,
   * or the one child of a platform subset. An index of several platforms is refused: an archive
   * holds one.
   */
  @Override
  public synchronized void putManifest(String reference, Manifest manifest) {
    manifests.put(manifest.digest(), manifest);
    if (Digest.isDigest(reference)) {
      return;
    }
    Manifest image = manifest;
    if (manifest.isIndex()) {
      if (manifest.manifests().size() != 1 || !manifests.containsKey(manifest.manifests().get(0).digest())) {
        throw new RegistryException(RegistryException.Kind.UNSUPPORTED, "docker-archive:" + file + ": a docker archive holds one platform per"
            + " image, and this one has " + manifest.manifests().size() + ": choose one with --arch (e.g. --arch amd64)");
      }
      image = manifests.get(manifest.manifests().get(0).digest());
    }
    if (image.isIndex() || image.isSchema1() || image.config() == null) {
      throw new RegistryException(RegistryException.Kind.UNSUPPORTED, "docker-archive:" + file + ": " + manifest.digest()
          + " is no image a docker archive can hold");
    }
    StringBuilder layers = new StringBuilder();
    for (Descriptor l : image.layers()) {
      if (l.isForeign()) {
        throw new RegistryException(RegistryException.Kind.UNSUPPORTED, "docker-archive:" + file + ": foreign layers are not written");
      }
      layers.append(layers.length() == 0 ? "" : ",").append(Json.quoted(path(l.digest())));
    }
    images.add("{\"Config\":" + Json.quoted(path(image.config().digest())) + ",\"RepoTags\":[" + Json.quoted(reference) + "],\"Layers\":["
        + layers + "]}");
  }

  /** Writes manifest.json and puts the archive in place; nothing when no image was written (then PATH stays as it was). */
  synchronized Optional<String> finish() {
    try {
      if (images.isEmpty() || broken || discarded) {
        abandon();
        return Optional.empty();
      }
      tar().file("manifest.json", ("[" + String.join(",", images) + "]\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      tar.close();
      out.close();
      channel = null;
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      tar = null;
      return Optional.of(file.toString());
    } catch (IOException e) {
      abandon();
      throw new RegistryException(RegistryException.Kind.OTHER, "docker-archive:" + file + ": cannot finish the archive: " + e.getMessage(), e);
    }
  }

  /**
   * The run is stopping before its end (a signal): the unfinished tar is removed at once — not
   * under this archive's lock, which a job writing a large layer may hold for long; the job's
   * writes then go to a file no longer named, and nothing puts it in place. PATH stays as it was.
   */
  void discard() {
    discarded = true;
    try {
      Files.deleteIfExists(partial);
    } catch (IOException ignored) {
      // what could be removed was
    }
  }

  private void abandon() {
    broken = !images.isEmpty() || !written.isEmpty() || broken;
    try {
      if (channel != null) {
        channel.close(); // not out: what it still buffers is not worth writing
      }
      Files.deleteIfExists(partial);
    } catch (IOException ignored) {
      // what could be removed was
    }
    channel = null;
    out = null;
    tar = null;
  }

  @Override
  public List<String> listTags() {
    return List.of();
  }

  @Override
  public Optional<Manifest> referrers(Digest subject, Optional<String> artifactType) {
    return Optional.empty();
  }

  @Override
  public BlobContent blob(Digest digest) {
    throw new UnsupportedOperationException("docker-archive: written as a destination here");
  }
}
