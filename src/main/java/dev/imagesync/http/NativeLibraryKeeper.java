package dev.imagesync.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps Conscrypt's native library on disk between runs, where the launcher gives it a place.
 *
 * <p>Conscrypt looks for its library under its platform's name first, as a resource of the JAR
 * (which it unpacks into a new temporary file, 2.4 MB, at every start: 30 to 50 ms of CPU), then
 * in {@code java.library.path}, then under a generic name. The JAR holds the library under the
 * generic name only (see the pom), so: with bin/imagesync, which names a directory beside the
 * JAR ({@value #DIRECTORY}) and puts it on {@code java.library.path}, this class copies the
 * library there under the platform's name once, and every later run loads it from there; without
 * the launcher, Conscrypt finds no such file and unpacks the generic one, as it always did.
 */
final class NativeLibraryKeeper {

  /** The system property naming the directory (bin/imagesync sets it). */
  static final String DIRECTORY = "imagesync.native.dir";

  /** What the library is called in the JAR. */
  static final String RESOURCE = "META-INF/native/" + System.mapLibraryName("conscrypt_openjdk_jni");

  private NativeLibraryKeeper() {}

  /** Makes sure the library is in the launcher's directory, when there is one; never fails. */
  static void keep() {
    String dir = System.getProperty(DIRECTORY, "");
    Optional<String> name = platformName(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    if (dir.isBlank() || name.isEmpty() || !onLibraryPath(Path.of(dir), System.getProperty("java.library.path", ""))) {
      return;
    }
    Path target = Path.of(dir).resolve(name.get());
    if (Files.isRegularFile(target)) {
      return; // kept by an earlier run (whole: it is written in one rename)
    }
    try (InputStream in = NativeLibraryKeeper.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in != null) {
        keep(in, target);
      }
    } catch (IOException | RuntimeException e) {
      // a directory that cannot be written: Conscrypt unpacks its library as usual
    }
  }

  /**
   * Writes {@code library} to {@code target} in one rename, so that a run never loads half a
   * file. The directory is the JAR's own (the launcher names it after the JAR's size and time):
   * a file there is this JAR's library, and is never checked against the JAR again, which would
   * cost opening the JAR a second time.
   */
  static void keep(InputStream library, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    try {
      Files.copy(library, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The file name Conscrypt looks for in {@code java.library.path} on this platform (its
   * NativeCryptoJni: conscrypt_openjdk_jni-OS-ARCH), for the platforms whose library the JAR
   * holds under the generic name; empty elsewhere.
   */
  static Optional<String> platformName(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    String arch = osArch.toLowerCase(Locale.ROOT);
    if (!arch.equals("amd64") && !arch.equals("x86_64")) {
      return Optional.empty();
    }
    if (os.startsWith("linux")) {
      return Optional.of("libconscrypt_openjdk_jni-linux-x86_64.so");
    }
    if (os.startsWith("macosx") || os.startsWith("osx")) {
      return Optional.of("libconscrypt_openjdk_jni-osx-x86_64.dylib");
    }
    return Optional.empty();
  }

  /** Whether {@code dir} is one of the directories of {@code libraryPath}. */
  static boolean onLibraryPath(Path dir, String libraryPath) {
    return Arrays.stream(libraryPath.split(java.io.File.pathSeparator)).filter(p -> !p.isBlank())
        .anyMatch(p -> Path.of(p).toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize()));
  }
}
