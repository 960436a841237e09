package dev.imagesync.report;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.sync.TagResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The two markdown records the existing workflows keep, updated as each image finishes:
 *
 * <ul>
 *   <li>{@code transfer_history.md}: a row per destination tag actually copied (source, target,
 *       digest, UTC time). An existing table keeps its header and columns, e.g. the seed's
 *       {@code | 源镜像 | 目标镜像 | 运行时间 |}; columns it lacks are left out.
 *   <li>{@code image_list.md}: the mapping of every source to its mirror, one row per pair,
 *       sorted, updated in place (digest and time) rather than appended again.
 * </ul>
 *
 * Nothing is recorded for a failed tag. Each update is atomic and locked (see {@link RecordFile}).
 */
public final class RunRecords {

  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private static final String[] SOURCE = {"源镜像", "source", "source image", "dockerhub image", "docker hub image", "原镜像"};
  private static final String[] TARGET = {"目标镜像", "target", "target image", "mirror", "aliyun mirror", "destination", "镜像地址"};
  private static final String[] DIGEST = {"digest", "摘要", "sha256"};
  private static final String[] TIME_COLUMN = {"运行时间", "time", "time (utc)", "sync time", "同步时间", "updated", "updated (utc)", "时间"};

  /** How a history row written for another run's copy (killed, or its disk was full) is marked (after its time). */
  static final String RECORDED_LATE = " (recorded by a later run)";

  /** How the history marks a row of a tag deleted by --prune (after its time). */
  static final String PRUNED = " (pruned: gone at the source)";

  private final Optional<Path> history;
  private final Optional<Path> imageList;
  private final Supplier<Instant> clock;
  private final Optional<PendingRecords> pending;
  /** When this run started: a row for the same copy written since then is another run's (two runs at once). */
  private final String runStart;
  /** Copied tags whose history rows, and mirrored tags whose mapping rows, could not be written yet. */
  private final List<TagResult> historyBacklog = new ArrayList<>();
  private final List<TagResult> listBacklog = new ArrayList<>();
  /** Why each file with rows waiting could not be written, last time it was tried. */
  private final java.util.Map<Path, String> unwritten = new java.util.HashMap<>();

  public RunRecords(Optional<Path> history, Optional<Path> imageList) {
    this(history, imageList, Instant::now);
  }

  RunRecords(Optional<Path> history, Optional<Path> imageList, Supplier<Instant> clock) {
    this.history = history;
    this.imageList = imageList;
    this.clock = clock;
    this.pending = history.map(PendingRecords::new);
    this.runStart = TIME.format(clock.get());
    history.ifPresent(RecordFile::removeLeftovers);
    imageList.ifPresent(RecordFile::removeLeftovers);
    pending.ifPresent(p -> RecordFile.removeLeftovers(p.file()));
  }

  /** What the copier tells before each tag it writes: the trace a killed run leaves (none without a history). */
  public dev.imagesync.sync.TagCommits commits() {
    return pending.map(p -> (dev.imagesync.sync.TagCommits) p).orElse(dev.imagesync.sync.TagCommits.NONE);
  }

  /**
   * Records one finished image's results, with those of earlier images whose rows could not be
   * written then (a full disk: they wait, and are tried again with every later image and at the
   * end of the run). Returns a warning if a file could not be written.
   */
  public synchronized Optional<String> record(List<TagResult> results) {
    String now = TIME.format(clock.get());
    List<TagResult> copied = new ArrayList<>(historyBacklog);
    copied.addAll(results.stream().filter(r -> r.status() == TagResult.Status.COPIED).toList());
    List<TagResult> mirrored = new ArrayList<>(listBacklog);
    mirrored.addAll(results.stream().filter(r -> r.status() == TagResult.Status.COPIED || r.status() == TagResult.Status.SKIPPED).toList());
    historyBacklog.clear();
    listBacklog.clear();
    // Pruned tags: a row in the history (marked), and out of the mapping.
    List<TagResult> pruned = results.stream().filter(r -> r.status() == TagResult.Status.PRUNED && r.digest().isPresent()).toList();
    copied.addAll(pruned);
    List<String> problems = new ArrayList<>();
    List<PendingRecords.Entry> late = new ArrayList<>();
    List<PendingRecords.Entry> neverLanded = new ArrayList<>();
    if (history.isPresent() && pending.isPresent()) {
      try {
        late = lateEntries(pending.get(), results, neverLanded);
      } catch (IOException e) {
        problems.add("cannot read " + pending.get().file() + ": " + RecordFile.reason(e));
      }
    }
    if (history.isPresent() && (!copied.isEmpty() || !late.isEmpty() || !neverLanded.isEmpty())) {
      List<PendingRecords.Entry> recovered = late;
      try {
        RecordFile.update(history.get(), text -> appendHistory(text, copied, recovered, now, runStart));
        unwritten.remove(history.get());
      } catch (IOException | RuntimeException e) {
        historyBacklog.addAll(copied);
        unwritten.put(history.get(), RecordFile.reason(e));
        problems.add("cannot update " + history.get() + ": " + RecordFile.reason(e));
      }
      if (pending.isPresent() && historyBacklog.isEmpty()) {
        try {
          List<PendingRecords.Entry> done = new ArrayList<>(recovered);
          done.addAll(neverLanded);
          done.addAll(pending.get().mine(copied.stream().map(r -> r.target().toString()).collect(java.util.stream.Collectors.toSet())));
          pending.get().remove(done);
        } catch (IOException | RuntimeException e) {
          // The rows are written; the lines left behind are found recorded by the next run.
          problems.add("cannot update " + pending.get().file() + ": " + RecordFile.reason(e));
        }
      }
    }
    if (imageList.isPresent() && (!mirrored.isEmpty() || !pruned.isEmpty())) {
      try {
        RecordFile.update(imageList.get(), text -> withoutMappings(upsertMapping(text, mirrored, now), pruned));
        unwritten.remove(imageList.get());
      } catch (IOException | RuntimeException e) {
        listBacklog.addAll(mirrored);
        unwritten.put(imageList.get(), RecordFile.reason(e));
        problems.add("cannot update " + imageList.get() + ": " + RecordFile.reason(e));
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  /** Tries once more to write the rows still waiting, if any (at the end of a run). */
  public synchronized Optional<String> retry() {
    return historyBacklog.isEmpty() && listBacklog.isEmpty() ? Optional.empty() : record(List.of());
  }

  /**
   * What could not be recorded, in one line (which file, why, and what happens to the rows), once
   * the run has ended; empty when every row is written.
   */
  public synchronized Optional<String> unrecorded() {
    List<String> parts = new ArrayList<>();
    if (!historyBacklog.isEmpty()) {
      int n = historyBacklog.size();
      parts.add("cannot update " + history.get() + ": " + unwritten.get(history.get()) + " (" + n + " copied tag" + (n == 1 ? "" : "s")
          + " not recorded: kept in " + pending.get().file() + ", recorded by the next run that finds them up to date)");
    }
    if (!listBacklog.isEmpty()) {
      parts.add("cannot update " + imageList.get() + ": " + unwritten.get(imageList.get()) + " (the next run that mirrors those images updates it)");
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of("records not written: " + String.join("; ", parts));
  }

  /**
   * The entries of runs gone unrecorded whose copy this run found at the destination: the tag up
   * to date with that digest (skipped), or holding it when this run wrote the tag anew (the source
   * moved since). The entries of tags this run wrote that did not hold their digest are copies
   * that never landed (killed before the registry had the tag): they go to {@code neverLanded},
   * to be cleared, so that no line waits for a tag that will never be found at it.
   */
  private static List<PendingRecords.Entry> lateEntries(PendingRecords pending, List<TagResult> results, List<PendingRecords.Entry> neverLanded)
      throws IOException {
    java.util.Map<String, TagResult> seen = new java.util.HashMap<>();
    for (TagResult r : results) {
      if ((r.status() == TagResult.Status.SKIPPED || r.status() == TagResult.Status.COPIED) && r.digest().isPresent()) {
        seen.putIfAbsent(r.target().toString(), r);
      }
    }
    if (seen.isEmpty()) {
      return List.of();
    }
    List<PendingRecords.Entry> found = new ArrayList<>();
    for (PendingRecords.Entry e : pending.orphans()) {
      TagResult r = seen.get(e.target());
      if (r == null) {
        continue;
      }
      Optional<Optional<Digest>> before = pending.replacedBefore(e.target());
      if (r.status() == TagResult.Status.SKIPPED && r.digest().get().toString().equals(e.digest())) {
        found.add(e);
      } else if (r.status() == TagResult.Status.COPIED && before.isPresent()) {
        if (before.get().map(d -> d.toString().equals(e.digest())).orElse(false)) {
          found.add(e); // the tag held it: that copy landed, and is recorded late
        } else {
          neverLanded.add(e);
        }
      }
    }
    return found;
  }

  /** Where a record table keeps each field; -1 where it has no such column. */
  private record Columns(int source, int target, int digest, int time) {
    static Columns of(MarkdownTable table) {
      return new Columns(table.column(SOURCE), table.column(TARGET), table.column(DIGEST), table.column(TIME_COLUMN));
    }

    /** A new row of {@code width} cells with these fields in their columns. */
    List<String> row(int width, String s, String t, String d, String when) {
      List<String> row = emptyRow(width);
      set(row, source, s);
      set(row, target, t);
      set(row, digest, d);
      set(row, time, when);
      return row;
    }
  }

  private static String cell(List<String> row, int column) {
    return column < 0 || column >= row.size() ? "" : plain(row.get(column));
  }

  /**
   * Adds to the history, in one pass over its table: first a row for each tag another run copied
   * and never recorded ({@code late}: it was killed, or could not write), at the time it was
   * copied and marked as late, unless a row for it is there already; then a row per copied tag,
   * except where a row for the same copy (source, target and digest where the table has one) was
   * written at or after {@code runStart}: then another run, started at the same time on the same
   * list, copied it too and recorded it first.
   */
  static String appendHistory(String text, List<TagResult> copied, List<PendingRecords.Entry> late, String now, String runStart) {
    if (copied.isEmpty() && late.isEmpty()) {
      return text;
    }
    MarkdownTable table = tableIn(text, "# Transfer history", "Source", "Target", "Digest", "Time (UTC)");
    Columns c = Columns.of(table);
    int width = table.header.size();
    for (PendingRecords.Entry e : late) {
      // Recorded already: by another run that found it too, or by the copying run itself, killed
      // after its row and before it cleared its line (a row since the copy, same target and digest).
      boolean there = table.rows.stream().anyMatch(row -> cell(row, c.target()).equals(e.target())
          && (c.digest() < 0 || cell(row, c.digest()).equals(e.digest()))
          && (c.time() < 0 || cell(row, c.time()).compareTo(e.time()) >= 0));
      if (!there) {
        table.rows.add(c.row(width, e.source(), e.target(), e.digest(), e.time() + RECORDED_LATE));
      }
    }
    for (TagResult r : copied) {
      String d = r.digest().map(Object::toString).orElse("");
      boolean recordedByAnother = c.time() >= 0 && table.rows.stream().anyMatch(row -> cell(row, c.source()).equals(r.source().toString())
          && cell(row, c.target()).equals(r.target().toString()) && (c.digest() < 0 || cell(row, c.digest()).equals(d))
          && cell(row, c.time()).length() >= 19 && cell(row, c.time()).substring(0, 19).compareTo(runStart) >= 0);
      if (!recordedByAnother) {
        table.rows.add(c.row(width, r.source().toString(), r.target().toString(), d, now + (r.status() == TagResult.Status.PRUNED ? PRUNED : "")));
      }
    }
    return table.render();
  }

  /** {@code text} (the mapping) without the rows of tags that were pruned. */
  static String withoutMappings(String text, List<TagResult> pruned) {
    if (pruned.isEmpty()) {
      return text;
    }
    MarkdownTable table = MarkdownTable.parse(text);
    if (!table.hasTable()) {
      return text;
    }
    int target = Columns.of(table).target();
    if (target < 0) {
      return text;
    }
    table.rows.removeIf(row -> pruned.stream().anyMatch(p -> sameImage(cell(row, target), p.target().toString())));
    return table.render();
  }

  static String upsertMapping(String text, List<TagResult> mirrored, String now) {
    MarkdownTable table = tableIn(text, "# Docker Image Mapping", "Source Image", "Mirror", "Digest", "Updated (UTC)");
    Columns c = Columns.of(table);
    int source = c.source();
    int target = c.target();
    int digest = c.digest();
    int time = c.time();
    if (source < 0 || target < 0) {
      throw new IllegalStateException("its table has no source and mirror columns (" + String.join(", ", table.header) + ")");
    }
    // The seed writes names as code spans (`nginx:latest`); so do new rows in such a table.
    boolean codeSpans = table.rows.stream().anyMatch(r -> r.size() > source && r.get(source).startsWith("`"))
        || table.rows.isEmpty();
    for (TagResult r : mirrored) {
      String s = r.source().toString();
      String t = r.target().toString();
      // A row names an image as its writer spelled it (`nginx:latest`, docker.io/library/nginx:latest):
      // matched as docker reads the names, and left spelled as it is.
      List<String> row = table.rows.stream()
          .filter(existing -> sameImage(cell(existing, source), s) && sameImage(cell(existing, target), t))
          .findFirst().orElse(null);
      if (row == null) {
        row = emptyRow(table.header.size());
        set(row, source, codeSpans ? "`" + s + "`" : s);
        set(row, target, codeSpans ? "`" + t + "`" : t);
        table.rows.add(row);
      }
      while (row.size() < table.header.size()) {
        row.add("");
      }
      String d = r.digest().map(Object::toString).orElse("");
      if (digest >= 0 && !cell(row, digest).equals(d)) {
        set(row, digest, d);
        set(row, time, now);
      } else if (digest < 0 || cell(row, time).isEmpty()) {
        set(row, time, now);
      }
    }
    table.rows.sort(Comparator.comparing((List<String> r) -> normalised(cell(r, source))).thenComparing(r -> normalised(cell(r, target))));
    return table.render();
  }

  /** The table of a record file; a file without one gets {@code header} (and a title if empty). */
  private static MarkdownTable tableIn(String text, String title, String... header) {
    MarkdownTable table = MarkdownTable.parse(text);
    if (!table.hasTable()) {
      if (table.before.isEmpty()) {
        table.before.add(title);
        table.before.add("");
      }
      table.header = new ArrayList<>(List.of(header));
    }
    return table;
  }

  /** Whether a cell names {@code reference} (already normalised), as docker reads names. */
  static boolean sameImage(String cell, String reference) {
    String written = plain(cell);
    if (written.equals(reference)) {
      return true;
    }
    return normalised(cell).equals(reference);
  }

  /** {@code nginx} → {@code docker.io/library/nginx:latest}; what is not a reference stays as written. */
  private static String normalised(String cell) {
    String written = plain(cell);
    try {
      ImageReference r = ImageReference.parse(written);
      return (r.tag().isEmpty() && r.digest().isEmpty() ? r.withTag("latest") : r).toString();
    } catch (IllegalArgumentException notAReference) {
      return written;
    }
  }

  private static String plain(String cell) {
    String c = cell.strip();
    return c.length() >= 2 && c.startsWith("`") && c.endsWith("`") ? c.substring(1, c.length() - 1) : c;
  }

  private static List<String> emptyRow(int size) {
    List<String> row = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      row.add("");
    }
    return row;
  }

  private static void set(List<String> row, int column, String value) {
    if (column >= 0) {
      row.set(column, value);
    }
  }
}
