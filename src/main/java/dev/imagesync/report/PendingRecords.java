package dev.imagesync.report;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.sync.TagCommits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The tags a run is about to write and has not recorded yet, in a small file beside the history
 * ({@code .transfer_history.md.pending}): one line per tag, appended and synced just before the
 * tag is written, removed once its row is in the history. A run killed in between (kill -9, a
 * runner that vanished) leaves its lines; the next run that finds such a tag up to date at the
 * destination records it then, with the time it was copied, marked as recorded late.
 */
public final class PendingRecords implements TagCommits {

  /** One tag written (or about to be) by the run with process id {@code pid}. */
  record Entry(long pid, String time, String source, String target, String digest) {
    String line() {
      return pid + "\t" + time + "\t" + source + "\t" + target + "\t" + digest;
    }

    static Optional<Entry> parse(String line) {
      String[] f = line.split("\t");
      if (f.length != 5) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Entry(Long.parseLong(f[0]), f[1], f[2], f[3], f[4]));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    /** Whether the run that wrote it is gone (killed, crashed) rather than still running. */
    boolean orphaned() {
      return RecordFile.processGone(pid);
    }
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PendingRecords.class);

  private final Path file;
  private final long pid = ProcessHandle.current().pid();
  /** What each tag this run wrote held when the run looked (empty: absent): settles a gone run's line for it. */
  private final java.util.Map<String, Optional<Digest>> replaced = new java.util.concurrent.ConcurrentHashMap<>();

  public PendingRecords(Path history) {
    Path absolute = history.toAbsolutePath().normalize();
    this.file = absolute.resolveSibling("." + absolute.getFileName() + ".pending");
  }

  Path file() {
    return file;
  }

  /**
   * Keeps the trace on disk before the tag is written; when it cannot (a full disk), the tag is
   * not written: a copy no run could ever record would be lost to the history.
   */
  @Override
  public void beforeTag(ImageReference source, ImageReference target, Digest digest, Optional<Digest> was) {
    replaced.put(target.toString(), was);
    String line = new Entry(pid, RunRecords.TIME.format(Instant.now()), source.toString(), target.toString(), digest.toString()).line() + "\n";
    try {
      RecordFile.locked(file, () -> {
        Files.createDirectories(file.getParent());
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
          long before = out.size();
          try {
            ByteBuffer data = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (data.hasRemaining()) {
              out.write(data);
            }
            out.force(false); // on disk before the tag exists
          } catch (IOException e) {
            out.truncate(before); // no half line for the next one to be glued to
            if (before == 0) {
              Files.deleteIfExists(file); // nor an empty file left behind
            }
            throw e;
          }
        }
        return null;
      });
    } catch (IOException | RuntimeException e) {
      throw new TagCommits.TraceNotKept("not tagged, as its record could not be kept: cannot write " + file + ": " + RecordFile.reason(e));
    }
  }

  /**
   * What {@code target} held before this run wrote it, when this run did write it: a gone run's
   * line for it was a copy that landed if the tag held that digest, and one that never did
   * otherwise (a tag that held it would have been found up to date, not written again).
   */
  Optional<Optional<Digest>> replacedBefore(String target) {
    return Optional.ofNullable(replaced.get(target));
  }

  /** The entries of runs that are gone. */
  List<Entry> orphans() throws IOException {
    return read().stream().filter(Entry::orphaned).toList();
  }

  /** Removes {@code done} (this run's recorded tags, or orphans now recorded); the file goes when empty. */
  void remove(Collection<Entry> done) throws IOException {
    if (done.isEmpty() || !Files.exists(file)) {
      return;
    }
    RecordFile.update(file, text -> {
      StringBuilder kept = new StringBuilder();
      for (String line : text.split("\n")) {
        Optional<Entry> e = Entry.parse(line);
        if (e.isPresent() && !done.contains(e.get())) {
          kept.append(line).append('\n');
        }
      }
      return kept.toString();
    });
    RecordFile.locked(file, () -> {
      if (Files.exists(file) && Files.size(file) == 0) {
        Files.delete(file);
      }
      return null;
    });
  }

  /** This run's entries for {@code targets} (to remove once recorded): one read of the file. */
  List<Entry> mine(java.util.Set<String> targets) throws IOException {
    return read().stream().filter(e -> e.pid() == pid && targets.contains(e.target())).toList();
  }

  private List<Entry> read() throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    for (String line : lines) {
      Entry.parse(line).ifPresent(entries::add);
    }
    return entries;
  }
}
