package dev.imagesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.image.Descriptor;
import dev.imagesync.image.Digest;
import dev.imagesync.image.Manifest;
import dev.imagesync.image.Platform;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformSelectionTest {

  private static String entry(char c, String platform, String attests) {
    String[] p = platform.split("/");
    return "{\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"digest\": \"sha256:" + String.valueOf(c).repeat(64)
        + "\", \"size\": 1, \"platform\": {\"os\": \"" + p[0] + "\", \"architecture\": \"" + p[1] + "\""
        + (p.length > 2 ? ", \"variant\": \"" + p[2] + "\"" : "") + "}"
        + (attests == null ? "" : ", \"annotations\": {\"vnd.docker.reference.type\": \"attestation-manifest\", \"vnd.docker.reference.digest\": \"sha256:" + attests.repeat(64) + "\"}")
        + "}";
  }

  private static final Manifest INDEX = Manifest.of(("{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": ["
      + String.join(",", entry('a', "linux/amd64", null), entry('b', "linux/arm64/v8", null), entry('c', "linux/arm/v7", null),
          entry('d', "unknown/unknown", "a"), entry('e', "unknown/unknown", "c"))
      + "]}").getBytes(StandardCharsets.UTF_8), null);

  private static List<Platform> req(String... p) {
    return java.util.Arrays.stream(p).map(Platform::parseRequested).toList();
  }

  @Test
  void everyPlatformRequestedKeepsTheIndexAsItIs() {
    PlatformSelection all = PlatformSelection.select(INDEX, req("amd64", "arm64", "arm/v7"));
    assertFalse(all.subset());
    assertSame(INDEX, all.manifest());
    assertSame(INDEX, PlatformSelection.select(INDEX, List.of()).manifest());
  }

  @Test
  void aSubsetKeepsTheChosenEntriesAndTheirAttestations() {
    PlatformSelection s = PlatformSelection.select(INDEX, req("amd64", "arm64"));
    assertTrue(s.subset());
    assertEquals(List.of('a', 'b', 'd'), s.manifest().manifests().stream().map(Descriptor::digest).map(d -> d.hex().charAt(0)).toList());
    assertTrue(s.note(INDEX.digest()).contains("linux/amd64,linux/arm64/v8"), s.note(INDEX.digest()));
  }

  @Test
  void anEntryThatIsTheSameManifestAsAChosenOneStaysAndIsNamed() {
    Manifest shared = Manifest.of(("{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": ["
        + String.join(",", entry('a', "linux/amd64", null), entry('a', "linux/amd64/v2", null), entry('b', "linux/arm64", null))
        + "]}").getBytes(StandardCharsets.UTF_8), null);
    PlatformSelection s = PlatformSelection.select(shared, req("amd64/v1"));
    assertTrue(s.subset());
    assertEquals(2, s.manifest().manifests().size());
    assertTrue(s.note(shared.digest()).startsWith("platform subset linux/amd64,linux/amd64/v2: "), s.note(shared.digest()));
    PlatformSelection whole = PlatformSelection.select(shared, req("amd64/v1", "arm64"));
    assertFalse(whole.subset(), "every entry kept: the index as it is");
    assertSame(shared, whole.manifest());
  }

  @Test
  void nestedIndexesAreWalkedAndASubsetOfThemIsWrittenFlat() {
    Manifest inner = Manifest.of(("{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": ["
        + String.join(",", entry('b', "linux/arm64", null), entry('c', "linux/arm/v7", null), entry('e', "unknown/unknown", "b"))
        + "]}").getBytes(StandardCharsets.UTF_8), null);
    Manifest outer = Manifest.of(("{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": ["
        + entry('a', "linux/amd64", null) + ", {\"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"digest\": \"" + inner.digest()
        + "\", \"size\": " + inner.bytes().length + "}]}").getBytes(StandardCharsets.UTF_8), null);
    java.util.function.Function<Digest, Manifest> fetch = d -> {
      assertEquals(inner.digest(), d);
      return inner;
    };

    PlatformSelection arm = PlatformSelection.select(outer, req("arm64"), true, fetch);
    assertTrue(arm.subset(), "arm64 is found inside the nested index");
    assertEquals(List.of('b', 'e'), arm.manifest().manifests().stream().map(Descriptor::digest).map(d -> d.hex().charAt(0)).toList(),
        "flat: the chosen image and its attestation");
    PlatformSelection amd = PlatformSelection.select(outer, req("amd64"), true, fetch);
    assertEquals(List.of('a'), amd.manifest().manifests().stream().map(Descriptor::digest).map(d -> d.hex().charAt(0)).toList());
    assertTrue(amd.note(outer.digest()).startsWith("platform subset linux/amd64: "), "a subset, said so");
    assertSame(outer, PlatformSelection.select(outer, req("amd64", "arm64", "arm/v7"), true, fetch).manifest(), "everything: as it is");
  }

  @Test
  void aPlatformTheIndexLacksIsAFailureNamingWhatItHasWhenStrict() {
    CopyFailure f = assertThrows(CopyFailure.class, () -> PlatformSelection.select(INDEX, req("amd64", "s390x")));
    assertEquals("source has no linux/s390x (it has linux/amd64, linux/arm64/v8, linux/arm/v7)", f.getMessage());
  }

  private static final java.util.function.Function<Digest, Manifest> NO_NESTED = d -> {
    throw new AssertionError("no nested index here");
  };

  @Test
  void otherwiseThePlatformsThereAreCopiedAndTheMissingOnesNamed() {
    PlatformSelection s = PlatformSelection.select(INDEX, req("amd64", "s390x"), false, NO_NESTED);
    assertTrue(s.subset());
    assertEquals(List.of("linux/s390x"), s.missing());
    assertEquals(List.of('a', 'd'), s.manifest().manifests().stream().map(d -> d.digest().hex().charAt(0)).toList());
    assertTrue(s.note(INDEX.digest()).startsWith("platform subset linux/amd64 (no linux/s390x in the source): digest differs"), s.note(INDEX.digest()));

    PlatformSelection whole = PlatformSelection.select(INDEX, req("amd64", "arm64", "arm/v7", "s390x"), false, NO_NESTED);
    assertFalse(whole.subset(), "all it has: the index as it is");
    assertSame(INDEX, whole.manifest());
    assertEquals(List.of("linux/s390x"), whole.missing());

    CopyFailure none = assertThrows(CopyFailure.class, () -> PlatformSelection.select(INDEX, req("s390x", "ppc64le"), false, NO_NESTED));
    assertTrue(none.getMessage().startsWith("source has no linux/s390x, linux/ppc64le"), "nothing of the request: nothing to copy: " + none.getMessage());
  }
}
