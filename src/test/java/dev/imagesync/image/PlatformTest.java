package dev.imagesync.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlatformTest {

  @Test
  void parsesTheSpellingsUsersWrite() {
    assertEquals("linux/amd64", Platform.parseRequested("amd64").toString());
    assertEquals("linux/arm/v7", Platform.parseRequested("arm/v7").toString());
    assertEquals("linux/arm64", Platform.parseRequested("linux/arm64").toString());
    assertEquals("windows/amd64", Platform.parseRequested("windows/amd64").toString());
    assertEquals("linux/arm64/v8", Platform.parseRequested("linux/arm64/v8").toString());
    assertEquals("linux/amd64", Platform.parseRequested("x86_64").toString());
    assertEquals("linux/arm64", Platform.parseRequested("AARCH64").toString());
  }

  @Test
  void aRequestWithoutVariantMatchesEveryVariant() {
    Platform arm64 = Platform.parseRequested("arm64");
    assertTrue(arm64.matches(Platform.of("linux", "arm64", "v8")));
    assertTrue(arm64.matches(Platform.of("linux", "arm64", null)));
    assertFalse(arm64.matches(Platform.of("windows", "arm64", null)));
    Platform armv7 = Platform.parseRequested("arm/v7");
    assertTrue(armv7.matches(Platform.of("linux", "arm", "v7")));
    assertFalse(armv7.matches(Platform.of("linux", "arm", "v6")));
  }

  @Test
  void variantsCompareAsContainerdNormalizesThem() {
    assertTrue(Platform.parseRequested("arm64/v8").matches(Platform.of("linux", "arm64", null)), "arm64 without variant is arm64/v8");
    assertTrue(Platform.parseRequested("amd64/v1").matches(Platform.of("linux", "amd64", null)));
    assertTrue(Platform.parseRequested("arm/v7").matches(Platform.of("linux", "arm", null)));
    assertFalse(Platform.parseRequested("arm/v6").matches(Platform.of("linux", "arm", null)));
    assertFalse(Platform.parseRequested("amd64/v3").matches(Platform.of("linux", "amd64", null)));
    assertEquals("linux/riscv64/rva22u64", Platform.parseRequested("riscv64/rva22u64").toString());
    assertEquals("linux/386/sse2", Platform.parseRequested("386/sse2").toString());
    assertTrue(Platform.parseRequested("riscv64/rva22u64").matches(Platform.of("linux", "riscv64", "rva22u64")));
  }

  @Test
  void refusesUnknownArchitectures() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Platform.parseRequested("amd65")).getMessage().contains("unknown architecture 'amd65'"));
    assertThrows(IllegalArgumentException.class, () -> Platform.parseRequested(""));
    assertThrows(IllegalArgumentException.class, () -> Platform.parseRequested("linux/arm/v7/x"));
    assertThrows(IllegalArgumentException.class, () -> Platform.parseRequested("arm/Seven!"));
    assertThrows(IllegalArgumentException.class, () -> Platform.parseRequested("beos/amd64/v1"));
  }

  @Test
  void windowsEntriesAreToldApartByOsVersionPrefix() {
    Platform ltsc2019 = Platform.parseRequested("windows/amd64:10.0.17763");
    assertEquals("windows/amd64:10.0.17763", ltsc2019.toString());
    assertTrue(ltsc2019.matches(Platform.of("windows", "amd64", null, "10.0.17763.5329")));
    assertTrue(ltsc2019.matches(Platform.of("windows", "amd64", null, "10.0.17763")));
    assertFalse(ltsc2019.matches(Platform.of("windows", "amd64", null, "10.0.20348.2227")), "ltsc2022 is another build");
    assertFalse(ltsc2019.matches(Platform.of("windows", "amd64", null, "10.0.177630")), "a prefix of whole parts, not of characters");
    assertFalse(ltsc2019.matches(Platform.of("windows", "amd64", null, null)), "an entry that says no version is not that version");
    assertTrue(Platform.parseRequested("windows/amd64").matches(Platform.of("windows", "amd64", null, "10.0.20348.2227")), "no version asked: every version");
    assertThrows(IllegalArgumentException.class, () -> Platform.parseRequested("windows/amd64:"));
    assertThrows(IllegalArgumentException.class, () -> Platform.parseRequested("windows/amd64:10.0 17763"));
  }
}
