package dev.imagesync.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files an {@code oci:} directory's writer keeps beside what it is writing until it renames
 * them into place, and what is left of them when a writer is killed (a blob of several GB, half
 * written). Each is named for its writer: {@code .NAME.imagesync-PID-THREAD@HOST.tmp}. The first
 * write of a run into a directory removes those of writers that are gone: on this host, a process
 * that no longer runs; older ones without a host in their name, only when an hour has passed
 * since they were last written as well. Nothing else in the directory is touched.
 */
final class LayoutTempFiles {

  private static final Pattern OURS = Pattern.compile("^\\..+\\.imagesync-(\\d+)-\\d+@(.+)\\.tmp$");
  /** The names of earlier versions: {@code .NAME.PID.THREAD.tmp}. */
  private static final Pattern EARLIER = Pattern.compile("^\\..+\\.(\\d+)\\.\\d+\\.tmp$");
  private static final Duration EARLIER_AGE = Duration.ofHours(1);
  /** A directory on a shared disk may have writers on other machines: theirs are left alone. */
  private static final String HOST = ThisMachine.name();
  private static final Set<Path> CLEARED = ConcurrentHashMap.newKeySet();

  private LayoutTempFiles() {}

  /** Where this thread writes {@code target} before renaming it into place. */
  static Path beside(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".imagesync-" + ProcessHandle.current().pid() + "-"
        + Thread.currentThread().getId() + "@" + HOST + ".tmp");
  }

  /** Once per directory and run: removes the temporary files of its writers that are gone. Returns how many. */
  static int clearOnce(Path dir) {
    if (!CLEARED.add(dir.toAbsolutePath().normalize())) {
      return 0;
    }
    int removed = 0;
    for (Path folder : folders(dir)) {
      try (Stream<Path> files = Files.list(folder)) {
        for (Path f : files.filter(LayoutTempFiles::leftBehind).toList()) {
          if (Files.deleteIfExists(f)) {
            removed++;
          }
        }
      } catch (IOException e) {
        // a folder that cannot be listed keeps what it has: nothing here is needed to write
      }
    }
    return removed;
  }

  /** The directory itself (index.json, oci-layout) and each blobs/ALGORITHM folder. */
  private static java.util.List<Path> folders(Path dir) {
    java.util.List<Path> folders = new java.util.ArrayList<>(java.util.List.of(dir));
    try (Stream<Path> algorithms = Files.list(dir.resolve("blobs"))) {
      algorithms.filter(Files::isDirectory).forEach(folders::add);
    } catch (IOException e) {
      // no blobs yet
    }
    return folders;
  }

  static boolean leftBehind(Path file) {
    String name = file.getFileName().toString();
    Matcher ours = OURS.matcher(name);
    if (ours.matches()) {
      return ours.group(2).equals(HOST) && gone(Long.parseLong(ours.group(1)));
    }
    Matcher earlier = EARLIER.matcher(name);
    if (earlier.matches()) {
      try {
        FileTime written = Files.getLastModifiedTime(file);
        return gone(Long.parseLong(earlier.group(1))) && written.toInstant().isBefore(Instant.now().minus(EARLIER_AGE));
      } catch (IOException e) {
        return false;
      }
    }
    return false;
  }

  private static boolean gone(long pid) {
    return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
  }
}
