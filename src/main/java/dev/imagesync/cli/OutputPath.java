package dev.imagesync.cli;

import dev.imagesync.config.InputException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before anything is copied, that a file the run will write at its end can be written:
 * a run that copies for an hour and then cannot keep its records or report has lost them.
 */
final class OutputPath {

  private OutputPath() {}

  static void check(String flag, Path file) {
    if (file == null) {
      return;
    }
    Path absolute = file.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      throw new InputException(flag + ": " + file + " is a directory; give a file name");
    }
    if (Files.exists(absolute)) {
      if (!Files.isRegularFile(absolute) || !Files.isWritable(absolute)) {
        throw new InputException(flag + ": " + file + " cannot be written (" + (Files.isRegularFile(absolute) ? "no write permission" : "not a regular file") + ")");
      }
      return;
    }
    // The nearest existing directory above it must be a directory we may write into.
    Path dir = absolute.getParent();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw new InputException(flag + ": " + file + " cannot be created (" + (dir == null ? "no such directory" : dir + " is a file, not a directory") + ")");
    }
    if (!Files.isWritable(dir)) {
      throw new InputException(flag + ": " + file + " cannot be created (no write permission in " + dir + ")");
    }
  }
}
