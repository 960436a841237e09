package dev.imagesync.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagesync.image.Digest;
import dev.imagesync.image.Json;
import dev.imagesync.image.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code docker save} tar read as a repository ({@code docker-archive:PATH[:NAME:TAG]}): its
 * {@code manifest.json} names each image's config and layers by path (docker's own {@code
 * ID/layer.tar}, skopeo's {@code HEX.tar}, docker 25's {@code blobs/sha256/HEX}), and the image is
 * served as an OCI image manifest made from them — the config and layers exactly as the archive
 * holds them, so their digests are the archive's (a docker archive keeps no registry manifest,
 * and holds one platform). Several images in one tar: NAME:TAG picks one. Read in place.
 */
final class DockerArchiveSource implements RepositoryClient {

  private static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  private static final int MAX_DOCUMENT = 16 << 20;

  private final Path file;
  private final Optional<String> name;
  private Loaded loaded;

  /** The image chosen, as served: its manifest, and where each of its blobs is. */
  private record Loaded(TarIndex tar, Manifest manifest, byte[] config, Digest configDigest, Map<Digest, TarIndex.Entry> layers,
      List<String> repoTags) {}

  /** {@code name}: NAME:TAG of the image in the archive; anything without a colon (latest, a tag given elsewhere) names none. */
  DockerArchiveSource(Path file, Optional<String> name) {
    this.file = file;
    this.name = name.filter(n -> n.contains(":"));
  }

  private synchronized Loaded loaded() {
    if (loaded == null) {
      try {
        loaded = load();
      } catch (IOException e) {
        throw new RegistryException(RegistryException.Kind.OTHER, "docker-archive:" + file + ": " + e.getMessage(), e);
      }
    }
    return loaded;
  }

  private Loaded load() throws IOException {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new RegistryException(RegistryException.Kind.NOT_FOUND, "docker-archive:" + file + ": no such file");
    }
    TarIndex tar = TarIndex.read(file);
    TarIndex.Entry manifestJson = tar.find("manifest.json").orElseThrow(() -> new IOException("no manifest.json: not a docker archive"));
    JsonNode images = Json.mapper().readTree(tar.readAll(manifestJson, MAX_DOCUMENT));
    if (images == null || !images.isArray() || images.isEmpty()) {
      throw new IOException("manifest.json names no image");
    }
    JsonNode chosen = choose(images);
    String configPath = chosen.path("Config").asText("");
    byte[] config = tar.readAll(tar.find(configPath).orElseThrow(() -> new IOException("its config " + configPath + " is not in the archive")),
        MAX_DOCUMENT);
    Digest configDigest = Digest.sha256(config);
    JsonNode diffIds = Json.mapper().readTree(config).path("rootfs").path("diff_ids");
    StringBuilder layersJson = new StringBuilder();
    Map<Digest, TarIndex.Entry> layers = new HashMap<>();
    int i = 0;
    for (JsonNode l : chosen.path("Layers")) {
      String path = l.asText();
      TarIndex.Entry e = tar.find(path).orElseThrow(() -> new IOException("its layer " + path + " is not in the archive"));
      String mediaType;
      byte[] magic;
      try (InputStream in = tar.open(e)) {
        magic = in.readNBytes(4);
      }
      boolean gzip = magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
      boolean zstd = magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
          && (magic[3] & 0xff) == 0xfd;
      mediaType = "application/vnd.oci.image.layer.v1.tar" + (gzip ? "+gzip" : zstd ? "+zstd" : "");
      Digest digest = digestOf(tar, e, path, !gzip && !zstd && diffIds.has(i) ? diffIds.get(i).asText() : null);
      layers.put(digest, e);
      layersJson.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(mediaType).append("\",\"digest\":\"").append(digest)
          .append("\",\"size\":").append(e.size()).append('}');
      i++;
    }
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + dev.imagesync.image.MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
        + OCI_CONFIG + "\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},\"layers\":[" + layersJson + "]}";
    List<String> tags = new ArrayList<>();
    chosen.path("RepoTags").forEach(t -> tags.add(t.asText()));
    return new Loaded(tar, Manifest.of(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8), dev.imagesync.image.MediaTypes.OCI_MANIFEST),
        config, configDigest, layers, tags);
  }

  /** The image NAME:TAG names (docker's short names and full ones alike), or the only one. */
  private JsonNode choose(JsonNode images) throws IOException {
    if (name.isEmpty()) {
      if (images.size() > 1) {
        List<String> all = new ArrayList<>();
        images.forEach(img -> img.path("RepoTags").forEach(t -> all.add(t.asText())));
        throw new IOException("it holds " + images.size() + " images; name one: docker-archive:" + file + ":NAME:TAG (" + String.join(", ", all)
            + ")");
      }
      return images.get(0);
    }
    String wanted = canonical(name.get());
    for (JsonNode img : images) {
      for (JsonNode t : img.path("RepoTags")) {
        if (canonical(t.asText()).equals(wanted)) {
          return img;
        }
      }
    }
    throw new RegistryException(RegistryException.Kind.NOT_FOUND, "docker-archive:" + file + " holds no image " + name.get());
  }

  /** nginx:1.25 and docker.io/library/nginx:1.25 are one name. */
  private static String canonical(String ref) {
    try {
      return dev.imagesync.image.ImageReference.parse(ref).toString();
    } catch (IllegalArgumentException e) {
      return ref;
    }
  }

  /**
   * A layer's digest: its path says it (HEX.tar, blobs/sha256/HEX), or an uncompressed layer's is
   * its diff ID; else it is computed, one read of the layer.
   */
  private static Digest digestOf(TarIndex tar, TarIndex.Entry e, String path, String diffId) throws IOException {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^|/)(?:blobs/sha256/)?([0-9a-f]{64})(?:\\.tar)?$").matcher(path);
    if (m.find() && !path.endsWith("/layer.tar")) {
      return Digest.parse("sha256:" + m.group(1));
    }
    if (diffId != null && Digest.isDigest(diffId)) {
      return Digest.parse(diffId);
    }
    try (InputStream in = tar.open(e)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
      return Digest.parse("sha256:" + java.util.HexFormat.of().formatHex(sha.digest()));
    } catch (java.security.NoSuchAlgorithmException x) {
      throw new IllegalStateException(x);
    }
  }

  @Override
  public Optional<ManifestHead> headManifest(String reference) {
    return getManifest(reference).map(m -> new ManifestHead(m.digest(), m.mediaType(), m.size()));
  }

  @Override
  public Optional<Manifest> getManifest(String reference) {
    Manifest m = loaded().manifest();
    return !Digest.isDigest(reference) || Digest.parse(reference).equals(m.digest()) ? Optional.of(m) : Optional.empty();
  }

  @Override
  public void putManifest(String reference, Manifest manifest) {
    throw new UnsupportedOperationException("docker-archive: read as a source here");
  }

  @Override
  public List<String> listTags() {
    return loaded().repoTags();
  }

  @Override
  public Optional<Manifest> referrers(Digest subject, Optional<String> artifactType) {
    return Optional.empty(); // an archive keeps none
  }

  @Override
  public boolean blobExists(Digest digest) {
    Loaded l = loaded();
    return l.configDigest().equals(digest) || l.layers().containsKey(digest);
  }

  @Override
  public BlobContent blob(Digest digest) {
    return () -> {
      Loaded l = loaded();
      if (l.configDigest().equals(digest)) {
        return new java.io.ByteArrayInputStream(l.config());
      }
      TarIndex.Entry e = l.layers().get(digest);
      if (e == null) {
        throw new RegistryException.Carrier(new RegistryException(RegistryException.Kind.NOT_FOUND, "docker-archive:" + file + " has no blob " + digest));
      }
      return l.tar().open(e);
    };
  }

  @Override
  public BlobPushOutcome pushBlob(Digest digest, long size, BlobContent content, Optional<String> mountFrom) {
    throw new UnsupportedOperationException("docker-archive: read as a source here");
  }
}
