package dev.imagesync.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManifestTest {

  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);

  private static final String INDEX = "{\n  \"manifests\": [\n"
      + "    {\"size\": 10, \"digest\": \"" + A + "\", \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"platform\": {\"os\": \"linux\", \"architecture\": \"amd64\"}, \"x-extra\": [1, 2.5]},\n"
      + "    {\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"digest\": \"" + B + "\", \"size\": 11, \"platform\": {\"architecture\": \"arm\", \"os\": \"linux\", \"variant\": \"v7\"}},\n"
      + "    {\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"digest\": \"" + C + "\", \"size\": 12, \"platform\": {\"architecture\": \"unknown\", \"os\": \"unknown\"},"
      + " \"annotations\": {\"vnd.docker.reference.digest\": \"" + A + "\", \"vnd.docker.reference.type\": \"attestation-manifest\"}}\n"
      + "  ],\n  \"schemaVersion\": 2,\n  \"annotations\": {\"z\": \"last\", \"a\": \"first\"},\n  \"artifactType\": \"application/x-test\"\n}";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keepsTheServedBytesAndDigest() {
    Manifest m = Manifest.of(utf8(INDEX), "application/vnd.oci.image.index.v1+json");
    assertArrayEquals(utf8(INDEX), m.bytes());
    assertEquals(Digest.sha256(utf8(INDEX)), m.digest());
    assertTrue(m.isIndex());
    assertEquals(3, m.manifests().size());
    assertEquals("linux/arm/v7", m.manifests().get(1).platform().orElseThrow().toString());
    assertTrue(m.manifests().get(2).isAttestation());
    assertEquals(Digest.parse(A), m.manifests().get(2).attestedDigest().orElseThrow());
  }

  @Test
  void infersOciTypesWhenTheDocumentOmitsMediaType() {
    assertEquals(MediaTypes.OCI_INDEX, Manifest.of(utf8(INDEX), null).mediaType());
    String image = "{\"schemaVersion\": 2, \"config\": {\"mediaType\": \"x\", \"digest\": \"" + A + "\", \"size\": 2}, \"layers\": []}";
    assertEquals(MediaTypes.OCI_MANIFEST, Manifest.of(utf8(image), "application/octet-stream").mediaType());
  }

  @Test
  void recognisesSchema1() {
    String schema1 = "{\"schemaVersion\": 1, \"name\": \"x\", \"tag\": \"y\", \"fsLayers\": [], \"signatures\": []}";
    assertTrue(Manifest.of(utf8(schema1), "application/vnd.docker.distribution.manifest.v1+prettyjws").isSchema1());
    assertTrue(Manifest.of(utf8(schema1), null).isSchema1());
  }

  @Test
  void refusesWhatIsNotAManifest() {
    assertThrows(InvalidManifestException.class, () -> Manifest.of(utf8("<html>"), "text/html"));
    assertThrows(InvalidManifestException.class, () -> Manifest.of(utf8("[1]"), null));
    assertThrows(InvalidManifestException.class, () -> Manifest.of(utf8("{\"schemaVersion\": 2}"), "application/json"));
  }

  @Test
  void aSubsetKeepsEverythingButTheDroppedEntriesInTheirOrder() {
    Manifest m = Manifest.of(utf8(INDEX), "application/vnd.oci.image.index.v1+json");
    Manifest subset = m.withOnlyEntries(Set.of(Digest.parse(A), Digest.parse(C)));
    assertNotEquals(m.digest(), subset.digest());
    assertEquals(subset.digest(), Digest.sha256(subset.bytes()));
    String text = new String(subset.bytes(), StandardCharsets.UTF_8);
    assertTrue(text.indexOf("\"manifests\"") < text.indexOf("\"schemaVersion\""), text);
    assertTrue(text.indexOf("\"z\"") < text.indexOf("\"a\" :"), "annotation order kept: " + text);
    assertTrue(text.contains("\"artifactType\" : \"application/x-test\""), text);
    assertTrue(text.contains("\"x-extra\" : [ 1, 2.5 ]"), text);
    assertEquals(2, subset.manifests().size());
    assertEquals(Digest.parse(C), subset.manifests().get(1).digest());
  }
}
