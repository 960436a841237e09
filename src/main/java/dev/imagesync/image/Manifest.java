package dev.imagesync.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A manifest exactly as a registry served it: the raw bytes (never re-serialised), its media type
 * and its digest. The parsed view is only for reading the descriptors inside.
 */
public final class Manifest {


  private final byte[] bytes;
  private final String mediaType;
  private final Digest digest;
  private final JsonNode json;

  private Manifest(byte[] bytes, String mediaType, Digest digest, JsonNode json) {
    this.bytes = bytes;
    this.mediaType = mediaType;
    this.digest = digest;
    this.json = json;
  }

  /**
   * Wraps bytes served by a registry. The media type is the one inside the document when present
   * (a registry checks that Content-Type matches it on push), else the served Content-Type, else
   * inferred as OCI. Throws {@link InvalidManifestException} when the bytes are not a manifest.
   */
  public static Manifest of(byte[] bytes, String contentType) {
    JsonNode json;
    try {
      json = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new InvalidManifestException("manifest is not valid JSON: " + firstLine(e));
    }
    if (json == null || !json.isObject()) {
      throw new InvalidManifestException("manifest is not a JSON object");
    }
    String mediaType = textOrNull(json.get("mediaType"));
    if (mediaType == null || mediaType.isEmpty()) {
      mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
    }
    int schemaVersion = json.path("schemaVersion").asInt(-1);
    if (schemaVersion == 1 || MediaTypes.isSchema1(mediaType)) {
      mediaType = MediaTypes.DOCKER_SCHEMA1_SIGNED;
    } else if (!MediaTypes.isIndex(mediaType) && !MediaTypes.isImageManifest(mediaType)) {
      // OCI allows omitting mediaType; the shape tells which of the two it is.
      if (json.has("manifests")) {
        mediaType = MediaTypes.OCI_INDEX;
      } else if (json.has("config")) {
        mediaType = MediaTypes.OCI_MANIFEST;
      } else {
        throw new InvalidManifestException("unknown manifest media type '" + mediaType + "'");
      }
    }
    return new Manifest(bytes, mediaType, Digest.sha256(bytes), json);
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  public String mediaType() {
    return mediaType;
  }

  public Digest digest() {
    return digest;
  }

  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }

  public boolean isSchema1() {
    return MediaTypes.isSchema1(mediaType);
  }

  /** The entries of an index, in document order. */
  public List<Descriptor> manifests() {
    return descriptors(json.path("manifests"));
  }

  /** The config descriptor of an image manifest. */
  public Descriptor config() {
    JsonNode config = json.get("config");
    if (config == null || !config.isObject()) {
      throw new InvalidManifestException("image manifest " + digest + " has no config");
    }
    return descriptor(config);
  }

  /** The layers of an image manifest, in order. */
  public List<Descriptor> layers() {
    return descriptors(json.path("layers"));
  }

  /** Every blob an image manifest references: config first, then layers. */
  public List<Descriptor> blobs() {
    List<Descriptor> all = new ArrayList<>();
    all.add(config());
    all.addAll(layers());
    return all;
  }

  /**
   * A new index holding only the entries whose digests are in {@code keep}, everything else of the
   * document (annotations, key order, unknown fields) as it was. Its bytes are new, so its digest
   * differs from this one's by design.
   */
  public Manifest withOnlyEntries(Set<Digest> keep) {
    return flattenedKeeping(java.util.Map.of(), keep);
  }

  /**
   * This index with its nested indexes ({@code nested}, by digest) replaced by their entries, in
   * place and recursively, keeping only the entries in {@code keep}: the flat index of a platform
   * subset of a nested structure.
   */
  public Manifest flattenedKeeping(java.util.Map<Digest, Manifest> nested, Set<Digest> keep) {
    if (!isIndex()) {
      throw new IllegalStateException("not an index: " + mediaType);
    }
    ArrayNode kept = Json.mapper().createArrayNode();
    addKept(json, nested, keep, kept, 0);
    return withManifests(kept);
  }

  /** This index with {@code entries} as its manifests, everything else as it was; new bytes, so a new digest. */
  private Manifest withManifests(ArrayNode entries) {
    ObjectNode copy = json.deepCopy();
    copy.set("manifests", entries);
    try {
      byte[] newBytes = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(copy);
      return new Manifest(newBytes, mediaType, Digest.sha256(newBytes), copy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void addKept(JsonNode index, java.util.Map<Digest, Manifest> nested, Set<Digest> keep, ArrayNode into, int depth) {
    for (JsonNode entry : index.path("manifests")) {
      String d = textOrNull(entry.get("digest"));
      if (d == null || !Digest.isDigest(d)) {
        continue;
      }
      Digest digest = Digest.parse(d);
      if (nested.containsKey(digest) && depth < 8) {
        addKept(nested.get(digest).json, nested, keep, into, depth + 1);
      } else if (keep.contains(digest)) {
        into.add(entry.deepCopy());
      }
    }
  }

  /** The manifest this one refers to (OCI 1.1 {@code subject}): a signature's image, an SBOM's. */
  public Optional<Descriptor> subject() {
    JsonNode subject = json.get("subject");
    return subject != null && subject.isObject() ? Optional.of(descriptor(subject)) : Optional.empty();
  }

  /**
   * The type of artifact this manifest is, as the referrers API reports it: its {@code
   * artifactType}, else its config's media type.
   */
  public Optional<String> artifactType() {
    return declaredArtifactType().or(() -> Optional.ofNullable(textOrNull(json.path("config").get("mediaType"))));
  }

  /** The {@code artifactType} the manifest itself states, if any. */
  public Optional<String> declaredArtifactType() {
    return Optional.ofNullable(textOrNull(json.get("artifactType"))).filter(t -> !t.isEmpty());
  }

  /** An OCI index with no entries: a referrers list before anything refers. */
  public static Manifest emptyIndex() {
    byte[] bytes = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return of(bytes, MediaTypes.OCI_INDEX);
  }

  /**
   * This index with the entries of {@code other} it lacks (by digest) added at its end; every entry
   * it has stays as it is. Returns this very manifest, same bytes, when nothing was missing — a
   * referrers list merged without dropping what another writer put there.
   */
  public Manifest withEntriesAdded(Manifest other) {
    if (!isIndex() || !other.isIndex()) {
      throw new IllegalStateException("not an index");
    }
    Set<String> have = new java.util.HashSet<>();
    json.path("manifests").forEach(e -> have.add(e.path("digest").asText()));
    ArrayNode entries = json.path("manifests").isArray() ? ((ArrayNode) json.get("manifests")).deepCopy() : Json.mapper().createArrayNode();
    boolean added = false;
    for (JsonNode entry : other.json.path("manifests")) {
      if (have.add(entry.path("digest").asText())) {
        entries.add(entry.deepCopy());
        added = true;
      }
    }
    if (!added) {
      return this;
    }
    return withManifests(entries);
  }

  private List<Descriptor> descriptors(JsonNode array) {
    if (array.isMissingNode() || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw new InvalidManifestException("manifest " + digest + " has a malformed descriptor list");
    }
    List<Descriptor> list = new ArrayList<>();
    for (JsonNode node : array) {
      list.add(descriptor(node));
    }
    return Collections.unmodifiableList(list);
  }

  private Descriptor descriptor(JsonNode node) {
    String mt = textOrNull(node.get("mediaType"));
    String d = textOrNull(node.get("digest"));
    if (d == null || !Digest.isDigest(d)) {
      throw new InvalidManifestException("manifest " + digest + " has a descriptor without a valid digest");
    }
    JsonNode sizeNode = node.get("size");
    if (sizeNode == null || !sizeNode.canConvertToLong()) {
      throw new InvalidManifestException("manifest " + digest + " has a descriptor without a size: " + d);
    }
    Optional<Platform> platform = Optional.empty();
    JsonNode p = node.get("platform");
    if (p != null && p.isObject()) {
      platform =
          Optional.of(
              Platform.of(
                  p.path("os").asText(""), p.path("architecture").asText(""),
                  textOrNull(p.get("variant")), textOrNull(p.get("os.version"))));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    node.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
    List<String> urls = new ArrayList<>();
    node.path("urls").forEach(u -> urls.add(u.asText()));
    return new Descriptor(
        mt == null ? "" : mt, Digest.parse(d), sizeNode.asLong(), platform,
        Collections.unmodifiableMap(annotations), List.copyOf(urls), Optional.ofNullable(textOrNull(node.get("artifactType"))));
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  @Override
  public String toString() {
    return mediaType + " " + digest + " (" + bytes.length + " bytes)";
  }

  /** Reads an image config's platform (for single-platform images). */
  public static Platform platformOfConfig(byte[] configBytes) {
    try {
      JsonNode c = Json.mapper().readTree(configBytes);
      return Platform.of(
          c.path("os").asText(""), c.path("architecture").asText(""), textOrNull(c.get("variant")),
          textOrNull(c.get("os.version")));
    } catch (IOException e) {
      throw new InvalidManifestException("image config is not valid JSON");
    }
  }

}
