package dev.imagesync.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's name, as marks a run leaves for other runs carry it (an {@code oci:} writer's
 * temporary files, a queue claim): what tells this machine's runs from those of another that
 * shares the disk or the database. Letters, digits, dots, dashes and underscores only.
 */
public final class ThisMachine {

  private static final String NAME = read();

  private ThisMachine() {}

  public static String name() {
    return NAME;
  }

  private static String read() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!name.isEmpty()) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    String env = System.getenv().getOrDefault("HOSTNAME", System.getenv().getOrDefault("COMPUTERNAME", "localhost"));
    return env.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
