package dev.imagesync.image;

import java.util.List;
import java.util.Set;

/** The manifest and layer media types imagesync understands (Docker v2.2 and OCI). */
public final class MediaTypes {
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
  public static final String DOCKER_SCHEMA1_SIGNED =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";

  /**
   * What we ask registries for. Schema 1 is listed so that a registry holding only schema 1 says so
   * instead of converting or answering 404, and we can refuse it by name.
   */
  public static final List<String> ACCEPT_ALL =
      List.of(
          OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST, DOCKER_SCHEMA1_SIGNED,
          DOCKER_SCHEMA1);

  /** {@link #ACCEPT_ALL} as one Accept header value. */
  public static final String ACCEPT_HEADER = String.join(", ", ACCEPT_ALL);

  private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
  private static final Set<String> IMAGES = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
  private static final Set<String> SCHEMA1 = Set.of(DOCKER_SCHEMA1, DOCKER_SCHEMA1_SIGNED);

  /** Layer types whose blobs live outside the registry (Windows base layers): never copied. */
  private static final Set<String> FOREIGN_LAYERS =
      Set.of(
          "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
          "application/vnd.oci.image.layer.nondistributable.v1.tar",
          "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
          "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");

  private MediaTypes() {}

  public static boolean isIndex(String mediaType) {
    return INDEXES.contains(mediaType);
  }

  public static boolean isImageManifest(String mediaType) {
    return IMAGES.contains(mediaType);
  }

  public static boolean isSchema1(String mediaType) {
    return SCHEMA1.contains(mediaType);
  }

  public static boolean isForeignLayer(String mediaType) {
    return FOREIGN_LAYERS.contains(mediaType);
  }
}
