package dev.imagesync.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.imagesync.image.Json;
import dev.imagesync.sync.JobResult;
import dev.imagesync.sync.TagResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code --failed-list FILE}: the entries of the user's own list whose images failed, in that
 * list's format, so that exactly those can be run again ({@code imagesync sync FILE} with the same
 * flags). Each failure is traced to its entry by origin ({@code file:line}): a line of a markdown
 * list, an object of an images.json array, a {@code source: target} entry of an images.yaml (with
 * its indented lines). Entries given on the command line (--mapping, DOCKER_SYNC_MAPPINGS) or in
 * a compose file are written as mapping lines, {@code SOURCE=DESTINATION}, one per failed tag.
 * With no failure, the file is written empty.
 */
public final class FailedList {

  private FailedList() {}

  public static void write(Path out, List<JobResult> jobs) throws IOException {
    Map<Path, TreeSet<Integer>> linesByFile = new LinkedHashMap<>();
    List<String> mappings = new ArrayList<>();
    for (JobResult job : jobs) {
      if (job.status() != TagResult.Status.FAILED) {
        continue;
      }
      Optional<Path> file = fileOf(job.origin());
      int line = lineOf(job.origin());
      if (file.isPresent() && line > 0 && Files.isRegularFile(file.get()) && !isCompose(file.get())) {
        linesByFile.computeIfAbsent(file.get(), k -> new TreeSet<>()).add(line);
      } else {
        for (TagResult t : job.tags()) {
          if (t.status() == TagResult.Status.FAILED) {
            mappings.add(t.source() + "=" + t.target());
          }
        }
      }
    }
    StringBuilder text = new StringBuilder();
    ArrayNode json = null;
    for (Map.Entry<Path, TreeSet<Integer>> e : linesByFile.entrySet()) {
      String name = e.getKey().getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".json")) {
        json = json == null ? Json.mapper().createArrayNode() : json;
        json.addAll(jsonEntries(e.getKey(), e.getValue()));
      } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        text.append(yamlEntries(e.getKey(), e.getValue()));
      } else {
        List<String> lines = Files.readAllLines(e.getKey(), StandardCharsets.UTF_8);
        for (int line : e.getValue()) {
          if (line <= lines.size()) {
            text.append(lines.get(line - 1).strip()).append('\n');
          }
        }
      }
    }
    for (String m : mappings) {
      text.append(m).append('\n');
    }
    String content = json != null
        ? Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n" + (text.length() > 0 ? text : "")
        : text.toString();
    RecordFile.update(out, old -> content);
  }

  /** The array elements of an images.json that start on one of {@code lines}. */
  private static List<JsonNode> jsonEntries(Path file, TreeSet<Integer> lines) throws IOException {
    List<JsonNode> entries = new ArrayList<>();
    try (JsonParser parser = Json.mapper().getFactory().createParser(file.toFile())) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return entries;
      }
      for (JsonToken t = parser.nextToken(); t != null && t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        int line = parser.currentTokenLocation().getLineNr();
        JsonNode element = parser.readValueAsTree();
        if (lines.contains(line)) {
          entries.add(element);
        }
      }
    }
    return entries;
  }

  /** The {@code key: value} entries of an images.yaml on {@code lines}, with their indented lines. */
  private static String yamlEntries(Path file, TreeSet<Integer> lines) throws IOException {
    List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    for (int line : lines) {
      if (line > all.size()) {
        continue;
      }
      String first = all.get(line - 1);
      int indent = first.length() - first.stripLeading().length();
      out.append(first.stripLeading()).append('\n');
      for (int i = line; i < all.size(); i++) {
        String next = all.get(i);
        int nextIndent = next.length() - next.stripLeading().length();
        if (next.isBlank() || nextIndent <= indent) {
          break;
        }
        out.append(next.substring(indent)).append('\n');
      }
    }
    return out.toString();
  }

  private static boolean isCompose(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.contains("compose");
  }

  private static Optional<Path> fileOf(String origin) {
    int colon = origin == null ? -1 : origin.lastIndexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(origin.substring(0, colon)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static int lineOf(String origin) {
    int colon = origin == null ? -1 : origin.lastIndexOf(':');
    try {
      return colon < 0 ? -1 : Integer.parseInt(origin.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
