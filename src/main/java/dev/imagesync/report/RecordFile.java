package dev.imagesync.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/**
 * A record file updated as a whole: under an exclusive lock (so two runs at once take turns),
 * the new text goes to a temporary file beside it, is forced to disk, and is renamed over the
 * old one (so a crash leaves the old text or the new, never half of either, and never a
 * duplicated table).
 *
 * <p>The lock is a file in the temporary directory named after the record's absolute path, not
 * the record itself: the record is replaced by each rename, and a lock on a replaced file
 * guards nothing. (A lock file beside the record would also end up committed by workflows.)
 */
final class RecordFile {

  private RecordFile() {}

  /** Work done while holding {@code file}'s lock. */
  @FunctionalInterface
  interface Locked<T> {
    T run() throws IOException;
  }

  /**
   * One monitor for every record file within this JVM: a FileLock excludes other processes only,
   * and the kernel counts POSIX locks per process, not per thread. With a monitor per file, one
   * thread holding the pending file's lock while another waited for the history's, in two runs at
   * once, looked to the kernel like a deadlock between the two processes, and it refused a lock
   * ("Resource deadlock avoided": a tag not written, in ConcurrentRunsIT). Holding at most one
   * record lock at a time per process, there is no such cycle; each update takes milliseconds.
   */
  private static final Object MONITOR = new Object();

  /** Runs {@code work} holding {@code file}'s lock, against other threads and other processes alike. */
  static <T> T locked(Path file, Locked<T> work) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    synchronized (MONITOR) {
      Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "imagesync-" + hash(absolute.toString()) + ".lock");
      try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = lockChannel.lock()) {
        return work.run();
      }
    }
  }

  /** Whether the process {@code pid} (a run that left a file behind) is no longer running. */
  static boolean processGone(long pid) {
    return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
  }

  /**
   * Removes the temporary files a killed run left beside {@code file} ({@code .NAME.PID.tmp}
   * of a process that is gone).
   */
  static void removeLeftovers(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path dir = absolute.getParent();
    String prefix = "." + absolute.getFileName() + ".";
    try (java.util.stream.Stream<Path> all = Files.list(dir)) {
      for (Path p : all.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(".tmp")) {
          String pid = name.substring(prefix.length(), name.length() - 4);
          if (pid.chars().allMatch(Character::isDigit) && !pid.isEmpty()
              && processGone(Long.parseLong(pid))) {
            Files.deleteIfExists(p);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // nothing to clean, or nothing we may clean
    }
  }

  /** Replaces the text of {@code file} (empty if absent) by {@code edit}'s result. */
  static void update(Path file, UnaryOperator<String> edit) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    locked(absolute, () -> {
      replace(absolute, dir, edit);
      return null;
    });
  }

  private static void replace(Path absolute, Path dir, UnaryOperator<String> edit) throws IOException {
    String text;
    try {
      text = Files.readString(absolute, StandardCharsets.UTF_8);
    } catch (NoSuchFileException absent) {
      text = "";
    }
    String updated = edit.apply(text);
    if (updated.equals(text)) {
      return;
    }
    Path temp = dir.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer data = ByteBuffer.wrap(updated.getBytes(StandardCharsets.UTF_8));
      while (data.hasRemaining()) {
        out.write(data);
      }
      out.force(true);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp); // a full disk: the half-written copy goes, and gives its space back
      } catch (IOException cannot) {
        e.addSuppressed(cannot);
      }
      throw e;
    }
    try {
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Why a record file could not be written: the system's words, without the path again. */
  static String reason(Exception e) {
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
