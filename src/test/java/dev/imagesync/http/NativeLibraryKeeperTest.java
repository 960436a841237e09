package dev.imagesync.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryKeeperTest {

  @TempDir Path dir;

  @Test
  void theNameIsConscryptsOwnForThePlatformsWhoseLibraryTheJarHolds() {
    assertEquals(Optional.of("libconscrypt_openjdk_jni-linux-x86_64.so"), NativeLibraryKeeper.platformName("Linux", "amd64"));
    assertEquals(Optional.of("libconscrypt_openjdk_jni-osx-x86_64.dylib"), NativeLibraryKeeper.platformName("Mac OS X", "x86_64"));
    assertEquals(Optional.empty(), NativeLibraryKeeper.platformName("Linux", "aarch64"), "no such library in the JAR: nothing kept");
    assertEquals(Optional.empty(), NativeLibraryKeeper.platformName("Windows 11", "amd64"), "no launcher there");
  }

  @Test
  void onlyADirectoryOnTheLibraryPathIsUsed() {
    assertTrue(NativeLibraryKeeper.onLibraryPath(dir, "/usr/lib:" + dir + "/."));
    assertFalse(NativeLibraryKeeper.onLibraryPath(dir, "/usr/java/packages/lib:/usr/lib64:/lib64:/lib:/usr/lib"),
        "a directory the JVM would not search: keeping a file there would only cost time");
  }

  @Test
  void theLibraryIsWrittenWholeInOneRenameLeavingNothingElse() throws Exception {
    byte[] library = new byte[300_000];
    new java.util.Random(1).nextBytes(library);
    Path target = dir.resolve("kept").resolve("libconscrypt_openjdk_jni-linux-x86_64.so");
    NativeLibraryKeeper.keep(new ByteArrayInputStream(library), target);
    assertArrayEquals(library, Files.readAllBytes(target));
    try (var files = Files.list(target.getParent())) {
      assertEquals(java.util.List.of(target), files.toList(), "no temporary file left");
    }
  }
}
