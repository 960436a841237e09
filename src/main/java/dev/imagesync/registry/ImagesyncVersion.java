package dev.imagesync.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * imagesync's version, as the build wrote it into {@code dev/imagesync/version.txt}: one place
 * for the JAR and the container image alike (the image runs the classes unpacked, without the
 * JAR's manifest). Told to registries in the User-Agent and to users by {@code --version}.
 */
public final class ImagesyncVersion {

  private ImagesyncVersion() {}

  /** The version, or null in a build that did not write it (an IDE's). */
  public static String current() {
    try (InputStream in = ImagesyncVersion.class.getResourceAsStream("/dev/imagesync/version.txt")) {
      String v = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      return v.isEmpty() || v.startsWith("${") ? null : v;
    } catch (IOException e) {
      return null;
    }
  }
}
