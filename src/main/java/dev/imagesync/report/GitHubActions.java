package dev.imagesync.report;

import dev.imagesync.secrets.Secrets;
import dev.imagesync.sync.SyncOutcome;
import dev.imagesync.sync.TagResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Inside a GitHub Actions step: a markdown summary of what succeeded, was skipped and failed
 * (appended to {@code $GITHUB_STEP_SUMMARY}, like the seed workflow's notification), and the
 * counts as step outputs ({@code $GITHUB_OUTPUT}: copied, skipped, failed, total).
 */
public final class GitHubActions {

  /** Lines per section; a list of thousands of images would drown the summary page. */
  private static final int MAX_LINES = 200;

  private GitHubActions() {}

  /** Writes what the environment asks for; returns a warning if a file could not be written. */
  public static Optional<String> publish(SyncOutcome outcome, double seconds, Map<String, String> env) {
    StringBuilder problems = new StringBuilder();
    String summaryFile = env.get("GITHUB_STEP_SUMMARY");
    if (summaryFile != null && !summaryFile.isBlank()) {
      try {
        append(Path.of(summaryFile), summary(outcome, seconds));
      } catch (IOException | RuntimeException e) {
        problems.append("cannot write the step summary: ").append(e.getMessage());
      }
    }
    String outputFile = env.get("GITHUB_OUTPUT");
    if (outputFile != null && !outputFile.isBlank()) {
      String outputs = "copied=" + outcome.count(TagResult.Status.COPIED) + "\n"
          + "skipped=" + outcome.count(TagResult.Status.SKIPPED) + "\n"
          + "failed=" + outcome.count(TagResult.Status.FAILED) + "\n"
          + "total=" + outcome.results().size() + "\n";
      try {
        append(Path.of(outputFile), outputs);
      } catch (IOException | RuntimeException e) {
        problems.append(problems.length() > 0 ? "; " : "").append("cannot write the step outputs: ").append(e.getMessage());
      }
    }
    return problems.length() == 0 ? Optional.empty() : Optional.of(problems.toString());
  }

  static String summary(SyncOutcome outcome, double seconds) {
    StringBuilder md = new StringBuilder();
    md.append("## imagesync: ").append(outcome.anyFailed() ? "❌" : "✅").append(' ').append(ResultPrinter.counts(outcome)).append("\n\n");
    md.append(String.format(java.util.Locale.ROOT, "%d blobs uploaded (%s), %d mounted, in %.1f s\n",
        outcome.stats().blobsUploaded(), ResultPrinter.bytes(outcome.stats().bytesUploaded()), outcome.stats().blobsMounted(), seconds));
    section(md, "Failed", outcome.results().stream().filter(r -> r.status() == TagResult.Status.FAILED).toList(), true);
    section(md, "Copied", outcome.results().stream().filter(r -> r.status() == TagResult.Status.COPIED).toList(), false);
    section(md, "Skipped (already up to date)", outcome.results().stream().filter(r -> r.status() == TagResult.Status.SKIPPED).toList(), false);
    return Secrets.redact(md.toString());
  }

  private static void section(StringBuilder md, String title, List<TagResult> results, boolean reasons) {
    if (results.isEmpty()) {
      return;
    }
    md.append("\n### ").append(title).append(" (").append(results.size()).append(")\n\n");
    md.append(reasons ? "| Source | Target | Reason |\n|---|---|---|\n" : "| Source | Target | Digest |\n|---|---|---|\n");
    int shown = 0;
    for (TagResult r : results) {
      if (shown++ == MAX_LINES) {
        md.append("| … ").append(results.size() - MAX_LINES).append(" more | | |\n");
        break;
      }
      md.append("| ").append(MarkdownTable.escape(r.source().toString())).append(" | ")
          .append(MarkdownTable.escape(r.target().toString())).append(" | ")
          .append(MarkdownTable.escape(reasons ? r.reason().orElse("") : r.digest().map(Object::toString).orElse(""))).append(" |\n");
    }
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
