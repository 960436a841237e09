package dev.imagesync.report;

import dev.imagesync.secrets.Printable;
import dev.imagesync.sync.CopyStats;
import dev.imagesync.sync.SyncOutcome;
import dev.imagesync.sync.TagResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The console record of a run: one line per destination tag on stdout ({@code copied}, {@code
 * skipped} or {@code failed}, source, target, digest, and a reason for failures), then a summary.
 * With {@code --output json}, each line is a JSON object instead (JSON lines, for jq).
 */
public final class ResultPrinter {

  private final PrintWriter out;
  private final boolean failuresOnly;
  private final boolean json;

  public ResultPrinter(PrintWriter out) {
    this(out, false, false);
  }

  /** With {@code failuresOnly} (--quiet), copied and skipped tags are not printed; {@code json}: JSON lines. */
  public ResultPrinter(PrintWriter out, boolean failuresOnly, boolean json) {
    this.out = out;
    this.failuresOnly = failuresOnly;
    this.json = json;
  }

  public void print(List<TagResult> results) {
    for (TagResult r : results) {
      if (!failuresOnly || r.status() == TagResult.Status.FAILED) {
        out.println(json ? jsonLine(r) : line(r));
      }
    }
    out.flush();
  }

  /**
   * One destination tag as one JSON object on one line: {@code status}, {@code source}, {@code
   * target}, {@code digest}, {@code note}, {@code reason} (null where there is none), secrets masked.
   */
  public static String jsonLine(TagResult r) {
    com.fasterxml.jackson.databind.node.ObjectNode o = dev.imagesync.image.Json.mapper().createObjectNode();
    o.put("status", r.status().label());
    o.put("source", dev.imagesync.secrets.Secrets.redact(r.source().toString()));
    o.put("target", dev.imagesync.secrets.Secrets.redact(r.target().toString()));
    o.put("digest", r.digest().map(Object::toString).orElse(null));
    o.put("note", r.note().map(dev.imagesync.secrets.Secrets::redact).orElse(null));
    o.put("reason", r.reason().map(dev.imagesync.secrets.Secrets::redact).orElse(null));
    return o.toString();
  }

  public static String line(TagResult r) {
    StringBuilder b = new StringBuilder();
    String label = r.status().label();
    b.append(label.length() < 8 ? String.format(Locale.ROOT, "%-8s", label) : label + " ");
    b.append(r.source()).append(" -> ").append(r.target());
    r.digest().ifPresent(d -> b.append(' ').append(d));
    r.note().ifPresent(n -> b.append(" (").append(n).append(')'));
    r.reason().ifPresent(reason -> b.append(": ").append(reason));
    // Names and reasons come from outside (list files, queue rows, registries' answers).
    return Printable.escaped(dev.imagesync.secrets.Secrets.redact(b.toString()));
  }

  /** Every failure with its reason, after a heading; nothing when all went well. */
  public static List<String> failureRecap(SyncOutcome outcome) {
    List<String> lines = new java.util.ArrayList<>();
    List<TagResult> failed = outcome.results().stream().filter(r -> r.status() == TagResult.Status.FAILED).toList();
    if (!failed.isEmpty()) {
      lines.add(failed.size() + (failed.size() == 1 ? " failure:" : " failures:"));
      failed.forEach(r -> lines.add("  " + line(r)));
    }
    return lines;
  }

  public static String summary(SyncOutcome outcome, double seconds) {
    CopyStats s = outcome.stats();
    long wouldCopy = outcome.count(TagResult.Status.WOULD_COPY);
    if (wouldCopy > 0) {
      long wouldPrune = outcome.count(TagResult.Status.WOULD_PRUNE);
      return String.format(Locale.ROOT, "dry run: %d would be copied, %d skipped, %d failed%s in %.1f s; nothing was written",
          wouldCopy, outcome.count(TagResult.Status.SKIPPED), outcome.count(TagResult.Status.FAILED),
          wouldPrune > 0 ? ", " + wouldPrune + " would be pruned" : "", seconds);
    }
    StringBuilder limits = new StringBuilder();
    new java.util.TreeMap<>(outcome.pullLimits()).forEach((registry, q) -> {
      limits.append("; ").append(registry);
      if (q.remaining() >= 0) {
        limits.append(" pull limit: ").append(q.remaining()).append(q.limit() >= 0 ? " of " + q.limit() : "").append(" left")
            .append(q.windowSeconds() > 0 ? " (per " + dev.imagesync.registry.RateLimits.duration(q.windowSeconds()) + ")" : "");
      }
      if (q.tooMany() > 0) {
        // Never a limit that looks untouched when the registry refused requests.
        limits.append(q.remaining() >= 0 ? " as last announced, but" : "").append(" answered 429 Too Many Requests ").append(q.tooMany())
            .append(q.tooMany() == 1 ? " time" : " times").append(" (requests to it paused ").append(q.pausedSeconds()).append(" s in all)");
      }
    });
    return counts(outcome) + String.format(Locale.ROOT,
        " in %.1f s; blobs: %d uploaded (%s), %d mounted, %d already present; %d manifests written",
        seconds, s.blobsUploaded(), bytes(s.bytesUploaded()), s.blobsMounted(), s.blobsPresent(), s.manifestsPut())
        + (s.referrersCarried() + s.referrersPresent() > 0
            ? "; referrers: " + s.referrersCarried() + " carried, " + s.referrersPresent() + " already there" : "")
        + (s.lackingPlatforms() > 0 ? "; " + s.lackingPlatforms() + (s.lackingPlatforms() == 1 ? " image lacks" : " images lack")
            + " a platform asked for (warned above; its others copied)" : "")
        + limits
        + (outcome.proxies().isEmpty() ? "" : "; through proxy " + String.join(", ", outcome.proxies()));
  }

  /** {@code 2 copied, 1 skipped, 0 failed}: how every summary of a run begins. */
  static String counts(SyncOutcome outcome) {
    long pruned = outcome.count(TagResult.Status.PRUNED);
    return outcome.count(TagResult.Status.COPIED) + " copied, " + outcome.count(TagResult.Status.SKIPPED) + " skipped, "
        + outcome.count(TagResult.Status.FAILED) + " failed" + (pruned > 0 ? ", " + pruned + " pruned" : "");
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int i = -1;
    do {
      v /= 1024;
      i++;
    } while (v >= 1024 && i < units.length - 1);
    return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
  }
}
