package dev.imagesync.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds deterministic test images and pushes them with the raw registry API. Manifests are
 * written by hand the way real ones look and canonical JSON does not: pretty-printed, keys in odd
 * orders, annotations, platform variants, attestation entries, {@code artifactType} and {@code
 * subject}. Anything that re-serialises them changes their digests.
 */
public final class TestImages {

  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

  private final RawRegistry registry;

  public TestImages(RawRegistry registry) {
    this.registry = registry;
  }

  /** A pushed manifest: its type, digest, bytes, and the platform it was built for (if any). */
  public record Pushed(String mediaType, String digest, byte[] bytes, String os, String arch, String variant, String attests, String osVersion) {
    Pushed(String mediaType, String digest, byte[] bytes, String os, String arch, String variant, String attests) {
      this(mediaType, digest, bytes, os, arch, variant, attests, null);
    }

    public int size() {
      return bytes.length;
    }

    public String platform() {
      return os + "/" + arch + (variant == null ? "" : "/" + variant);
    }
  }

  /** A single-platform OCI image held in memory, for the stub registries that serve it themselves. */
  public record InMemory(byte[] config, byte[] layer, byte[] manifest) {
    public String configDigest() {
      return RawRegistry.sha256(config);
    }

    public String layerDigest() {
      return RawRegistry.sha256(layer);
    }

    public String manifestDigest() {
      return RawRegistry.sha256(manifest);
    }
  }

  public static InMemory inMemory(String seed, int layerSize) {
    byte[] layer = deterministicBytes(seed, layerSize);
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8);
    byte[] manifest = ("{\"schemaVersion\": 2, \"mediaType\": \"" + OCI_MANIFEST + "\", \"config\": {\"mediaType\": "
        + "\"application/vnd.oci.image.config.v1+json\", \"digest\": \"" + RawRegistry.sha256(config) + "\", \"size\": " + config.length
        + "}, \"layers\": [{\"mediaType\": \"application/vnd.oci.image.layer.v1.tar\", \"digest\": \"" + RawRegistry.sha256(layer)
        + "\", \"size\": " + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
    return new InMemory(config, layer, manifest);
  }

  public static byte[] deterministicBytes(String seed, int size) {
    byte[] b = new byte[size];
    new SplittableRandom(seed.hashCode() * 31L + size).nextBytes(b);
    return b;
  }

  /**
   * A single-platform image: config and {@code layers} layers, pushed by digest. {@code platform}
   * is {@code OS/ARCH[/VARIANT][:OS_VERSION]}.
   */
  public Pushed image(String repo, String platform, int layers, int layerSize, String seed, boolean oci) {
    String osVersion = platform.contains(":") ? platform.substring(platform.indexOf(':') + 1) : null;
    String[] p = platform.replaceAll(":.*", "").split("/");
    String os = p[0];
    String arch = p[1];
    String variant = p.length > 2 ? p[2] : null;
    String layerType = oci ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.docker.image.rootfs.diff.tar.gzip";
    String configType = oci ? "application/vnd.oci.image.config.v1+json" : "application/vnd.docker.container.image.v1+json";
    List<String> layerJson = new ArrayList<>();
    List<String> diffIds = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      byte[] layer = deterministicBytes(seed + "-" + platform + "-" + i, layerSize);
      String d = registry.pushBlob(repo, layer);
      diffIds.add("\"" + RawRegistry.sha256(("diff" + d).getBytes(StandardCharsets.UTF_8)) + "\"");
      layerJson.add("      {\n         \"mediaType\": \"" + layerType + "\",\n         \"size\": " + layer.length
          + ",\n         \"digest\": \"" + d + "\"\n      }");
    }
    String config = "{\"architecture\":\"" + arch + "\",\"os\":\"" + os + "\""
        + (variant == null ? "" : ",\"variant\":\"" + variant + "\"")
        + (osVersion == null ? "" : ",\"os.version\":\"" + osVersion + "\"")
        + ",\"config\":{\"Env\":[\"SEED=" + seed + "\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
        + String.join(",", diffIds) + "]}}";
    byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
    String configDigest = registry.pushBlob(repo, configBytes);
    String mediaType = oci ? OCI_MANIFEST : DOCKER_MANIFEST;
    // Odd key order and 3-space indentation, as some real tools write.
    String manifest = "{\n   \"schemaVersion\": 2,\n   \"layers\": [\n" + String.join(",\n", layerJson) + "\n   ],\n"
        + "   \"config\": {\n      \"digest\": \"" + configDigest + "\",\n      \"mediaType\": \"" + configType
        + "\",\n      \"size\": " + configBytes.length + "\n   },\n   \"mediaType\": \"" + mediaType + "\""
        + (oci ? ",\n   \"annotations\": {\n      \"org.opencontainers.image.created\": \"2024-01-01T00:00:00Z\"\n   }" : "")
        + "\n}\n";
    Pushed pushed = push(repo, mediaType, manifest, os, arch, variant, null);
    return new Pushed(pushed.mediaType(), pushed.digest(), pushed.bytes(), os, arch, variant, null, osVersion);
  }

  /** A BuildKit-style attestation manifest for {@code subject} (an in-toto layer, subject field). */
  public Pushed attestation(String repo, Pushed subject, String seed) {
    byte[] statement = ("{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"seed\":\"" + seed + "\"}").getBytes(StandardCharsets.UTF_8);
    String statementDigest = registry.pushBlob(repo, statement);
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    String configDigest = registry.pushBlob(repo, config);
    String manifest = "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"" + OCI_MANIFEST + "\",\n"
        + "  \"artifactType\": \"application/vnd.docker.attestation.manifest.v1+json\",\n"
        + "  \"config\": {\"mediaType\": \"application/vnd.oci.image.config.v1+json\", \"digest\": \"" + configDigest + "\", \"size\": " + config.length + "},\n"
        + "  \"layers\": [\n    {\n      \"mediaType\": \"application/vnd.in-toto+json\",\n      \"digest\": \"" + statementDigest
        + "\",\n      \"size\": " + statement.length + ",\n      \"annotations\": {\"in-toto.io/predicate-type\": \"https://slsa.dev/provenance/v0.2\"}\n    }\n  ],\n"
        + "  \"subject\": {\"mediaType\": \"" + subject.mediaType() + "\", \"digest\": \"" + subject.digest() + "\", \"size\": " + subject.size() + "}\n}";
    return push(repo, OCI_MANIFEST, manifest, "unknown", "unknown", null, subject.digest());
  }

  /** An index of {@code entries} under {@code tag}; attestation entries are marked as BuildKit marks them. */
  public Pushed index(String repo, String tag, boolean oci, List<Pushed> entries) {
    String mediaType = oci ? OCI_INDEX : DOCKER_LIST;
    List<String> items = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Pushed e = entries.get(i);
      StringBuilder b = new StringBuilder("    {\n      \"mediaType\": \"" + e.mediaType() + "\",\n      \"size\": " + e.size()
          + ",\n      \"digest\": \"" + e.digest() + "\",\n      \"platform\": {\n        \"os\": \"" + e.os()
          + "\",\n        \"architecture\": \"" + e.arch() + "\"" + (e.variant() == null ? "" : ",\n        \"variant\": \"" + e.variant() + "\"")
          + (e.osVersion() == null ? "" : ",\n        \"os.version\": \"" + e.osVersion() + "\"")
          + "\n      }");
      if (e.attests() != null) {
        b.append(",\n      \"annotations\": {\n        \"vnd.docker.reference.digest\": \"").append(e.attests())
            .append("\",\n        \"vnd.docker.reference.type\": \"attestation-manifest\"\n      }");
      }
      b.append("\n    }");
      items.add(b.toString());
    }
    String index = "{\n  \"manifests\": [\n" + String.join(",\n", items) + "\n  ],\n  \"mediaType\": \"" + mediaType
        + "\",\n  \"schemaVersion\": 2" + (oci ? ",\n  \"annotations\": {\"org.opencontainers.image.source\": \"https://example.invalid/app\"}" : "")
        + "\n}\n";
    byte[] bytes = index.getBytes(StandardCharsets.UTF_8);
    String digest = registry.pushManifest(repo, tag, mediaType, bytes);
    return new Pushed(mediaType, digest, bytes, null, null, null, null);
  }

  /** An index of one image per platform ({@code linux/amd64}, {@code linux/arm64/v8}, ...). */
  public Pushed multiArch(String repo, String tag, boolean oci, String seed, int layers, int layerSize, String... platforms) {
    List<Pushed> images = new ArrayList<>();
    for (String p : platforms) {
      images.add(image(repo, p, layers, layerSize, seed, oci));
    }
    return index(repo, tag, oci, images);
  }

  /** A single-platform image under {@code tag}. */
  public Pushed single(String repo, String tag, String platform, String seed, boolean oci) {
    Pushed image = image(repo, platform, 2, 4096, seed, oci);
    registry.pushManifest(repo, tag, image.mediaType(), image.bytes());
    return image;
  }

  /** An OCI 1.1 artifact of {@code artifactType} (an SBOM, a notation signature) whose {@code subject} is {@code subject}; pushed by digest. */
  public Pushed artifact(String repo, Pushed subject, String artifactType, String seed) {
    byte[] payload = ("{\"artifact\":\"" + seed + "\"}").getBytes(StandardCharsets.UTF_8);
    String payloadDigest = registry.pushBlob(repo, payload);
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    String emptyDigest = registry.pushBlob(repo, empty);
    String manifest = "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"" + OCI_MANIFEST + "\",\n  \"artifactType\": \"" + artifactType + "\",\n"
        + "  \"config\": {\"mediaType\": \"application/vnd.oci.empty.v1+json\", \"digest\": \"" + emptyDigest + "\", \"size\": 2},\n"
        + "  \"layers\": [{\"mediaType\": \"" + artifactType + "\", \"digest\": \"" + payloadDigest + "\", \"size\": " + payload.length + "}],\n"
        + "  \"subject\": {\"mediaType\": \"" + subject.mediaType() + "\", \"digest\": \"" + subject.digest() + "\", \"size\": " + subject.size() + "},\n"
        + "  \"annotations\": {\"org.opencontainers.image.created\": \"2024-01-01T00:00:00Z\"}\n}";
    return push(repo, OCI_MANIFEST, manifest, null, null, null, null);
  }

  /** A cosign-style signature, attestation or SBOM (no subject field) under cosign's tag {@code sha256-HEX.SUFFIX}. */
  public Pushed cosign(String repo, Pushed subject, String suffix, String seed) {
    byte[] payload = ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + repo + "\"},\"image\":{\"docker-manifest-digest\":\""
        + subject.digest() + "\"},\"type\":\"cosign container image signature\"},\"optional\":{\"seed\":\"" + seed + "\"}}").getBytes(StandardCharsets.UTF_8);
    String payloadDigest = registry.pushBlob(repo, payload);
    byte[] config = ("{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"history\":[{\"created\":\"0001-01-01T00:00:00Z\"}],"
        + "\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + payloadDigest + "\"]},\"config\":{}}").getBytes(StandardCharsets.UTF_8);
    String configDigest = registry.pushBlob(repo, config);
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
        + "\"size\":" + config.length + ",\"digest\":\"" + configDigest + "\"},\"layers\":[{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\","
        + "\"size\":" + payload.length + ",\"digest\":\"" + payloadDigest + "\",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"MEUCIQ" + seed + "\"}}]}";
    byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
    String digest = registry.pushManifest(repo, subject.digest().replace(':', '-') + suffix, OCI_MANIFEST, bytes);
    return new Pushed(OCI_MANIFEST, digest, bytes, null, null, null, null);
  }

  /** The referrers tag schema index of {@code subject} ({@code sha256-HEX}) listing {@code referrers}, as oras and cosign write it. */
  public Pushed referrersTag(String repo, Pushed subject, List<Pushed> referrers, List<String> artifactTypes) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < referrers.size(); i++) {
      Pushed r = referrers.get(i);
      items.add("{\"mediaType\":\"" + r.mediaType() + "\",\"digest\":\"" + r.digest() + "\",\"size\":" + r.size()
          + ",\"artifactType\":\"" + artifactTypes.get(i) + "\"}");
    }
    byte[] bytes = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[" + String.join(",", items) + "]}").getBytes(StandardCharsets.UTF_8);
    String digest = registry.pushManifest(repo, subject.digest().replace(':', '-'), OCI_INDEX, bytes);
    return new Pushed(OCI_INDEX, digest, bytes, null, null, null, null);
  }

  private Pushed push(String repo, String mediaType, String manifest, String os, String arch, String variant, String attests) {
    byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
    String digest = registry.pushManifest(repo, RawRegistry.sha256(bytes), mediaType, bytes);
    return new Pushed(mediaType, digest, bytes, os, arch, variant, attests);
  }
}
