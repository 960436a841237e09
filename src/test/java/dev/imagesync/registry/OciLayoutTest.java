package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.image.Digest;
import dev.imagesync.image.Manifest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {

  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Manifest image(OciLayout layout, String seed) {
    byte[] config = bytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":\"" + seed + "\"}");
    layout.pushBlob(Digest.sha256(config), config.length, () -> new ByteArrayInputStream(config));
    return Manifest.of(bytes("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Digest.sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[]}"), null);
  }

  @Test
  void tagsLiveInIndexJsonAndATagMovesWithoutTouchingTheOthers() throws Exception {
    OciLayout layout = new OciLayout(dir.resolve("app"), "oci:app");
    Manifest one = image(layout, "1");
    Manifest two = image(layout, "2");
    layout.putManifest("1.0", one);
    layout.putManifest("latest", one);
    layout.putManifest("latest", two);

    assertEquals(List.of("1.0", "latest"), layout.listTags());
    assertEquals(one.digest(), layout.headManifest("1.0").orElseThrow().digest());
    assertEquals(two.digest(), layout.headManifest("latest").orElseThrow().digest());
    assertArrayEquals(one.bytes(), layout.getManifest(one.digest().toString()).orElseThrow().bytes());
    assertTrue(layout.headManifest("nope").isEmpty());
    assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(dir.resolve("app/oci-layout")));
    try (Stream<Path> files = Files.walk(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
  }

  @Test
  void aBlobThatIsNotWhatItsDigestSaysIsNeverInPlace() {
    OciLayout layout = new OciLayout(dir.resolve("app"), "oci:app");
    byte[] real = bytes("the real layer");
    Digest claimed = Digest.sha256(bytes("another layer"));
    RegistryException e = assertThrows(RegistryException.class, () -> layout.pushBlob(claimed, real.length, () -> new ByteArrayInputStream(real)));
    assertTrue(e.getMessage().contains("arrived as"), e.getMessage());
    assertFalse(layout.blobExists(claimed));
    assertFalse(Files.exists(dir.resolve("app/blobs/sha256/" + claimed.hex())));
  }

  @Test
  void aDamagedManifestFileIsSaidToBeOne() throws Exception {
    OciLayout layout = new OciLayout(dir.resolve("app"), "oci:app");
    Manifest one = image(layout, "1");
    layout.putManifest("1.0", one);
    Files.writeString(dir.resolve("app/blobs/sha256/" + one.digest().hex()), "{}");
    RegistryException e = assertThrows(RegistryException.class, () -> layout.getManifest("1.0"));
    assertTrue(e.getMessage().contains("does not hold what its name says"), e.getMessage());
  }

  @Test
  void aDirectoryWithoutALayoutHasNoTagsToList() {
    RegistryException e = assertThrows(RegistryException.class, () -> new OciLayout(dir.resolve("none"), "oci:none").listTags());
    assertEquals(RegistryException.Kind.NOT_FOUND, e.kind());
  }
}
