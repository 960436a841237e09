package dev.imagesync.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesync.image.Digest;
import dev.imagesync.image.InvalidManifestException;
import dev.imagesync.image.Json;
import dev.imagesync.image.Manifest;
import dev.imagesync.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OCI image layout directory as a repository: {@code oci-layout}, {@code index.json} whose
 * entries name their tags in {@code org.opencontainers.image.ref.name}, and {@code
 * blobs/ALGORITHM/HEX} holding blobs and manifests alike — what {@code skopeo copy oci:DIR:TAG}
 * reads and writes. Every file appears whole: written beside its place and renamed into it, so a
 * killed run leaves no half blob, and {@code index.json} names a manifest only after the manifest
 * and all it references are in {@code blobs/}.
 */
final class OciLayout implements RepositoryClient {

  static final String REF_NAME = "org.opencontainers.image.ref.name";
  private static final int MAX_MANIFEST_BYTES = 4 << 20;
  private static final int MAX_INDEX_BYTES = 64 << 20;
  /** One writer of a directory's index.json at a time in this process. */
  private static final Map<Path, Object> INDEX_LOCKS = new ConcurrentHashMap<>();

  private final Path dir;
  private final String name;
  /** Read from (a source), not written to. */
  private final boolean reading;

  /** {@code name}: how messages call it ({@code oci:/mnt/images/nginx}). */
  OciLayout(Path dir, String name) {
    this(dir, name, false);
  }

  OciLayout(Path dir, String name, boolean reading) {
    this.dir = dir;
    this.name = name;
    this.reading = reading;
  }

  private Path blobPath(Digest digest) {
    return dir.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  /**
   * The index.json entry a reference names: by tag (ref.name), or by digest. {@code latest} (what
   * {@code oci:DIR} asks for) not being there, a layout of one manifest without a ref name (what
   * buildx and oras write) answers with that one when read from, as skopeo takes it (a
   * destination's {@code latest} is only ever its ref name).
   */
  private Optional<JsonNode> entry(String reference) {
    JsonNode manifests = readIndex().path("manifests");
    for (JsonNode e : manifests) {
      if (Digest.isDigest(reference) ? reference.equals(e.path("digest").asText()) : reference.equals(e.path("annotations").path(REF_NAME).asText(null))) {
        return Optional.of(e);
      }
    }
    if (reading && reference.equals("latest") && manifests.size() == 1 && manifests.get(0).path("annotations").path(REF_NAME).isMissingNode()) {
      return Optional.of(manifests.get(0));
    }
    return Optional.empty();
  }

  @Override
  public Optional<ManifestHead> headManifest(String reference) {
    if (Digest.isDigest(reference)) {
      Digest digest = Digest.parse(reference);
      if (!Files.isRegularFile(blobPath(digest))) {
        return Optional.empty();
      }
      // A manifest by digest: its type is inside it (a layout keeps no Content-Type).
      return getManifest(reference).map(m -> new ManifestHead(m.digest(), m.mediaType(), m.size()));
    }
    return entry(reference).map(e -> new ManifestHead(Digest.parse(e.path("digest").asText()), e.path("mediaType").asText(""), e.path("size").asLong(-1)));
  }

  @Override
  public Optional<Manifest> getManifest(String reference) {
    Digest digest;
    String mediaType = null;
    if (Digest.isDigest(reference)) {
      digest = Digest.parse(reference);
    } else {
      Optional<JsonNode> e = entry(reference);
      if (e.isEmpty()) {
        return Optional.empty();
      }
      digest = parseDigest(e.get().path("digest").asText());
      mediaType = e.get().path("mediaType").asText(null);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(blobPath(digest))) {
      bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
    } catch (NoSuchFileException e) {
      if (Digest.isDigest(reference)) {
        return Optional.empty();
      }
      throw failure("index.json names " + reference + " as " + digest + ", which is not in blobs/", null);
    } catch (IOException e) {
      throw failure("cannot read manifest " + digest.shortHex() + ": " + e.getMessage(), e);
    }
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw new RegistryException(RegistryException.Kind.UNSUPPORTED, name + "@" + digest + ": manifest larger than 4 MiB");
    }
    if (!digest.matches(bytes)) {
      throw failure("blobs/" + digest.algorithm() + "/" + digest.hex() + " does not hold what its name says (damaged or changed)", null);
    }
    try {
      return Optional.of(Manifest.of(bytes, mediaType));
    } catch (InvalidManifestException e) {
      throw new RegistryException(RegistryException.Kind.UNSUPPORTED, name + "@" + digest + ": " + e.getMessage());
    }
  }

  @Override
  public void putManifest(String reference, Manifest manifest) {
    writeBlob(manifest.digest(), manifest.bytes());
    if (Digest.isDigest(reference)) {
      return; // a manifest by digest (an index's child): in blobs/, named by no tag
    }
    synchronized (INDEX_LOCKS.computeIfAbsent(dir, d -> new Object())) {
      try (java.nio.channels.FileChannel lock = lockIndex()) {
        updateIndex(reference, manifest);
      } catch (IOException e) {
        throw failure("cannot lock index.json: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Another process writing the same directory (two runs at once) waits here: index.json is read,
   * changed and replaced by one writer at a time, so no tag another wrote is lost.
   */
  private java.nio.channels.FileChannel lockIndex() throws IOException {
    Files.createDirectories(dir);
    java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir.resolve(".index.json.lock"),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
    try {
      channel.lock();
      return channel; // closing it releases the lock
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private void updateIndex(String reference, Manifest manifest) {
    ObjectNode index = readIndex();
    ArrayNode kept = Json.mapper().createArrayNode();
    for (JsonNode e : index.path("manifests")) {
      if (!reference.equals(e.path("annotations").path(REF_NAME).asText(null))) {
        kept.add(e); // other tags and untagged entries stay as they are
      }
    }
    ObjectNode entry = kept.addObject();
    entry.put("mediaType", manifest.mediaType());
    entry.put("digest", manifest.digest().toString());
    entry.put("size", manifest.size());
    entry.putObject("annotations").put(REF_NAME, reference);
    index.set("manifests", kept);
    try {
      writeWhole(dir.resolve("index.json"), Json.mapper().writeValueAsBytes(index));
    } catch (IOException e) {
      throw failure("cannot write index.json: " + e.getMessage(), e);
    }
  }

  /** A tag leaves index.json (its blobs stay: other tags may share them). */
  @Override
  public boolean deleteManifest(String reference) {
    if (Digest.isDigest(reference)) {
      throw failure("deleting by digest is not done in a directory; delete its tags", null);
    }
    synchronized (INDEX_LOCKS.computeIfAbsent(dir, d -> new Object())) {
      try (java.nio.channels.FileChannel lock = lockIndex()) {
        ObjectNode index = readIndex();
        ArrayNode kept = Json.mapper().createArrayNode();
        index.path("manifests").forEach(e -> {
          if (!reference.equals(e.path("annotations").path(REF_NAME).asText(null))) {
            kept.add(e);
          }
        });
        index.set("manifests", kept);
        writeWhole(dir.resolve("index.json"), Json.mapper().writeValueAsBytes(index));
        return true;
      } catch (IOException e) {
        throw failure("cannot update index.json: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public List<String> listTags() {
    if (!Files.exists(dir.resolve("index.json"))) {
      throw new RegistryException(RegistryException.Kind.NOT_FOUND, name + ": no image layout here (no index.json)");
    }
    List<String> tags = new ArrayList<>();
    readIndex().path("manifests").forEach(e -> {
      String ref = e.path("annotations").path(REF_NAME).asText(null);
      if (ref != null && !tags.contains(ref)) {
        tags.add(ref);
      }
    });
    return tags;
  }

  /** A directory has no referrers API: referrers are found through the tag schema, as ref names. */
  @Override
  public Optional<Manifest> referrers(Digest subject, Optional<String> artifactType) {
    return Optional.empty();
  }

  @Override
  public boolean blobExists(Digest digest) {
    return Files.isRegularFile(blobPath(digest));
  }

  @Override
  public BlobContent blob(Digest digest) {
    // A local file that is missing or unreadable stays so: carried as this directory's own
    // failure, not retried, and never blamed on the registry the blob was being uploaded to.
    return () -> {
      try {
        return Files.newInputStream(blobPath(digest));
      } catch (NoSuchFileException e) {
        throw new RegistryException.Carrier(new RegistryException(RegistryException.Kind.NOT_FOUND,
            name + ": blob " + digest + " is not in blobs/ (" + blobPath(digest) + ")"));
      } catch (IOException e) {
        throw new RegistryException.Carrier(new RegistryException(RegistryException.Kind.OTHER,
            name + ": blob " + digest + " cannot be read (" + blobPath(digest) + ": " + e.getMessage() + ")"));
      }
    };
  }

  /** Nothing to mount from in a directory: every blob is written. */
  @Override
  public BlobPushOutcome pushBlob(Digest digest, long size, BlobContent content, Optional<String> mountFrom) {
    Path target = blobPath(digest);
    if (Files.isRegularFile(target)) {
      return BlobPushOutcome.UPLOADED;
    }
    Path partial = temporary(target);
    try {
      Files.createDirectories(target.getParent());
      MessageDigest hash = digest.newHasher();
      long written;
      try (InputStream in = new DigestInputStream(content.open(), hash); OutputStream out = Files.newOutputStream(partial)) {
        written = in.transferTo(out);
      }
      String actual = HexFormat.of().formatHex(hash.digest());
      if (written != size || !actual.equals(digest.hex())) {
        throw new RegistryException(RegistryException.Kind.OTHER, name + ": blob " + digest.shortHex() + " arrived as " + written
            + " bytes with digest " + digest.algorithm() + ":" + actual + ", not " + size + " bytes of " + digest);
      }
      move(partial, target);
      return BlobPushOutcome.UPLOADED;
    } catch (IOException e) {
      throw RegistryException.carriedBy(e).orElseGet(() -> failure("cannot write blob " + digest.shortHex() + ": " + e.getMessage(), e));
    } finally {
      deleteQuietly(partial);
    }
  }


  private void writeBlob(Digest digest, byte[] bytes) {
    Path target = blobPath(digest);
    if (Files.isRegularFile(target)) {
      return;
    }
    try {
      writeWhole(target, bytes);
    } catch (IOException e) {
      throw failure("cannot write " + digest.shortHex() + ": " + e.getMessage(), e);
    }
  }

  /** The layout's index.json, or a new empty one (and the oci-layout marker) where there is none yet. */
  private ObjectNode readIndex() {
    Path file = dir.resolve("index.json");
    try {
      if (!Files.exists(file)) {
        ObjectNode empty = Json.mapper().createObjectNode();
        empty.put("schemaVersion", 2);
        empty.put("mediaType", MediaTypes.OCI_INDEX);
        empty.putArray("manifests");
        return empty;
      }
      if (Files.size(file) > MAX_INDEX_BYTES) {
        throw failure("index.json is larger than 64 MiB", null);
      }
      JsonNode node = Json.mapper().readTree(Files.readAllBytes(file));
      if (node == null || !node.isObject() || !(node.path("manifests").isArray() || node.path("manifests").isMissingNode())) {
        throw failure("index.json is not an OCI image index", null);
      }
      return (ObjectNode) node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw failure("index.json is not JSON: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw failure("cannot read index.json: " + e.getMessage(), e);
    }
  }

  /** Writes {@code bytes} beside {@code target} and renames it into place: readers see all of it or none. */
  private void writeWhole(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.getParent());
    Path layout = dir.resolve("oci-layout");
    if (!target.equals(layout) && !Files.exists(layout)) {
      writeWhole(layout, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
    }
    Path partial = temporary(target);
    try {
      Files.write(partial, bytes);
      move(partial, target);
    } finally {
      deleteQuietly(partial);
    }
  }

  /** Where {@code target} is written before it is renamed into place; the first of a run also clears what killed writers left. */
  private Path temporary(Path target) {
    LayoutTempFiles.clearOnce(dir);
    return LayoutTempFiles.beside(target);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover .tmp file is named as one and harmless
    }
  }

  private Digest parseDigest(String text) {
    if (!Digest.isDigest(text)) {
      throw failure("index.json has an entry with digest '" + text + "'", null);
    }
    return Digest.parse(text);
  }

  private RegistryException failure(String message, Throwable cause) {
    return new RegistryException(RegistryException.Kind.OTHER, name + ": " + message, cause);
  }
}
