package dev.imagesync.queue;

import dev.imagesync.config.Naming;
import dev.imagesync.config.SyncRule;
import dev.imagesync.config.TagSelection;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Platform;
import dev.imagesync.sync.JobResult;
import dev.imagesync.sync.TagResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A batch of claimed rows of a queue as sync rules — each row's image to every destination — and
 * each row's outcome from the results of its tags ({@link #finishRow}): pushed when every
 * destination tag was copied or found up to date, failed with the reasons otherwise. A row that is no image (a name docker would
 * refuse, an unknown platform) fails at once, for good: running it again cannot mend it.
 */
public final class QueueRun {

  /**
   * A row and what it became: its rule, or why it has none ({@code invalid}: never will; {@code
   * deferred}: not in this run, the row stays pending).
   */
  record Entry(QueueRow row, Optional<SyncRule> rule, Optional<String> invalid, Optional<String> deferred) {}

  private final List<Entry> entries;

  private QueueRun(List<Entry> entries) {
    this.entries = entries;
  }

  /**
   * {@code destinations}: how a row's image is named at each destination (the {@code --to} /
   * {@code ALIYUN_*} one, and {@code MY_REGISTRY}'s when set).
   */
  public static QueueRun of(List<QueueRow> rows, List<Naming> destinations) {
    List<Entry> entries = new ArrayList<>();
    // Destination tag -> the row that takes it in this run, with what it puts there.
    Map<ImageReference, Entry> takenBy = new HashMap<>();
    for (QueueRow row : rows) {
      SyncRule rule;
      try {
        rule = rule(row, destinations);
      } catch (IllegalArgumentException | dev.imagesync.config.InputException e) {
        entries.add(new Entry(row, Optional.empty(), Optional.of(e.getMessage()), Optional.empty()));
        continue;
      }
      // Two rows for one destination tag with different content (another source, other
      // platforms) cannot both run now; the later one waits for the next run rather than failing
      // the whole run as two lines of a list would.
      Optional<Entry> first = targets(rule).stream().map(takenBy::get).filter(e -> e != null && !sameContent(e.rule().orElseThrow(), rule)).findFirst();
      Entry entry = first.isPresent()
          ? new Entry(row, Optional.empty(), Optional.empty(), Optional.of("goes to the same destination tag as " + first.get().row().origin()
              + " with other content; left pending for the next run"))
          : new Entry(row, Optional.of(rule), Optional.empty(), Optional.empty());
      if (first.isEmpty()) {
        targets(rule).forEach(t -> takenBy.putIfAbsent(t, entry));
      }
      entries.add(entry);
    }
    return new QueueRun(entries);
  }

  /** The destination tags a row's rule writes: the source's tag in each destination repository. */
  private static List<ImageReference> targets(SyncRule rule) {
    return rule.targets().stream().map(t -> t.repository().withTag(rule.source().tag().orElseThrow())).toList();
  }

  private static boolean sameContent(SyncRule a, SyncRule b) {
    return a.source().equals(b.source()) && a.platforms().equals(b.platforms());
  }

  private static SyncRule rule(QueueRow row, List<Naming> destinations) {
    if (row.image() == null || row.image().isBlank()) {
      throw new IllegalArgumentException("orig_image_name is empty");
    }
    ImageReference source = ImageReference.parse(row.reference());
    if (source.tag().isEmpty()) {
      if (source.digest().isPresent()) {
        throw new IllegalArgumentException("'" + row.reference() + "' is pinned by digest and has no tag to push it as");
      }
      source = source.withTag("latest");
    }
    List<SyncRule.Target> targets = new ArrayList<>();
    for (Naming naming : destinations) {
      targets.add(SyncRule.Target.sameTags(naming.implicitTarget(source, row.origin())));
    }
    return new SyncRule(source, new TagSelection.Fixed(), targets, platformsOf(row.platform()), row.origin());
  }

  /** {@code linux/amd64}, {@code linux/amd64,linux/arm64}; empty or {@code all}: every platform. */
  public static List<Platform> platformsOf(String column) {
    if (column == null || column.isBlank() || column.strip().equalsIgnoreCase("all")) {
      return List.of();
    }
    List<Platform> platforms = new ArrayList<>();
    for (String p : column.split(",")) {
      if (!p.isBlank()) {
        Platform parsed = Platform.parseRequested(p.strip());
        if (!platforms.contains(parsed)) {
          platforms.add(parsed);
        }
      }
    }
    return platforms;
  }

  public List<SyncRule> rules() {
    return entries.stream().flatMap(e -> e.rule().stream()).toList();
  }

  public int size() {
    return entries.size();
  }

  /** The rows that are no image, as lines for the output. */
  public List<String> invalidRows() {
    return entries.stream().filter(e -> e.invalid().isPresent())
        .map(e -> "failed  " + e.row().origin() + " (" + e.row().reference() + "): " + e.invalid().get()).toList();
  }

  /** The rows left for the next run, as notices. */
  public List<String> deferredRows() {
    return entries.stream().filter(e -> e.deferred().isPresent())
        .map(e -> e.row().origin() + " (" + e.row().reference() + "): " + e.deferred().get()).toList();
  }

  /**
   * How the rows came out: counts for the summary line. {@code takenOver}: rows whose claim passed
   * to another run before this one could record them (its lease ran out while the database was
   * away); that run pushes and records them.
   */
  public record Summary(int pushed, int failed, int gaveUp, int takenOver) {
    @Override
    public String toString() {
      return "queue: " + pushed + " row" + (pushed == 1 ? "" : "s") + " pushed, " + failed + " to try again, " + gaveUp + " given up"
          + (takenOver == 0 ? "" : ", " + takenOver + " taken over by other runs (this run's lease on them had passed)");
    }
  }

  /** The key a row's destination tag and a result share. */
  static String pair(ImageReference source, ImageReference target) {
    return source + " -> " + target;
  }

  /** A failure wins over a success for the same pair (a tag copied whose referrers failed). */
  static TagResult failureFirst(TagResult a, TagResult b) {
    return a.status() == TagResult.Status.FAILED ? a : b;
  }

  /** The pairs (source -> destination tag) a row waits for; empty for a row that is no image or waits for the next run. */
  List<String> pairs(Entry e) {
    return e.rule().map(rule -> targets(rule).stream().map(t -> pair(rule.source(), t)).toList()).orElse(List.of());
  }

  List<Entry> entries() {
    return entries;
  }

  /** How a row was recorded. */
  enum Recorded { PUSHED, FAILED, GAVE_UP, TAKEN_OVER }

  /**
   * Records one row from the results of its destination tags ({@code byPair}), in one
   * transaction. TAKEN_OVER: the row's claim had passed to another run, which records it.
   */
  static Recorded finishRow(ImageQueue queue, Entry e, Map<String, TagResult> byPair, int maxAttempts) {
    QueueRow row = e.row();
    if (e.invalid().isPresent()) {
      // cannot mend itself: given up at once
      return queue.finish(row, Optional.of("not an image: " + e.invalid().get()), List.of(), row.attempts() + 1) ? Recorded.GAVE_UP : Recorded.TAKEN_OVER;
    }
    SyncRule rule = e.rule().orElseThrow();
    List<String> reasons = new ArrayList<>();
    List<ImageQueue.Pushed> done = new ArrayList<>();
    String platform = rule.platforms().stream().map(Platform::toString).collect(Collectors.joining(","));
    for (ImageReference to : targets(rule)) {
      TagResult r = byPair.get(pair(rule.source(), to));
      if (r == null) {
        reasons.add(to + ": not run");
      } else if (r.status() == TagResult.Status.FAILED) {
        reasons.add(to + ": " + r.reason().orElse("failed"));
      } else {
        done.add(new ImageQueue.Pushed(rule.source().toString(), to.toString(), r.digest().map(Object::toString).orElse(null),
            platform.isEmpty() ? null : platform));
      }
    }
    Optional<String> failure = reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    if (!queue.finish(row, failure, done, maxAttempts)) {
      return Recorded.TAKEN_OVER;
    }
    return failure.isEmpty() ? Recorded.PUSHED : row.attempts() + 1 >= maxAttempts ? Recorded.GAVE_UP : Recorded.FAILED;
  }

  /** Counts rows as they are recorded, for the summary line. */
  static final class Tally {
    private int pushed;
    private int failed;
    private int gaveUp;
    private int takenOver;

    synchronized void add(Recorded recorded) {
      switch (recorded) {
        case PUSHED -> pushed++;
        case FAILED -> failed++;
        case GAVE_UP -> gaveUp++;
        case TAKEN_OVER -> takenOver++;
      }
    }

    synchronized Summary summary() {
      return new Summary(pushed, failed, gaveUp, takenOver);
    }
  }
}
