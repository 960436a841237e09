package dev.imagesync.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesync.config.TagSelection;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Json;
import dev.imagesync.image.Platform;
import dev.imagesync.sync.JobResult;
import dev.imagesync.sync.TagResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --failed-list FILE.json}: what failed, as an images.json that {@code imagesync sync
 * FILE.json} (with the same credentials flags) runs again — exactly the failed destination tags,
 * whatever the inputs were. One format holds them all: markdown lines, images.json objects,
 * images.yaml entries (a key written twice included), mappings and compose images each become an
 * object with the full source reference, the full destination repository as {@code target}, the
 * failed {@code tags} and the entry's {@code architectures}. A rule whose tags could not be
 * listed keeps its selection ({@code allTags}, {@code tagPattern}, {@code semver}, {@code
 * newest}) instead of tags. With no failure, the file is written empty.
 */
public final class FailedList {

  private FailedList() {}

  public static void write(Path out, List<JobResult> jobs) throws IOException {
    ArrayNode entries = Json.mapper().createArrayNode();
    for (JobResult job : jobs) {
      if (job.status() == TagResult.Status.FAILED) {
        failedTagsByRepository(job).forEach((repository, tags) -> entries.add(entry(job, repository, tags)));
      }
    }
    String content = entries.isEmpty() ? "" : Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(entries) + "\n";
    RecordFile.update(out, old -> content);
    if (content.isEmpty() && !Files.exists(out)) {
      Files.createFile(out); // there, and empty: a script can test it with [ -s FILE ]
    }
  }

  /** The destination repositories of {@code job} with the tags that failed there (none for a rule that failed to list). */
  private static Map<String, List<String>> failedTagsByRepository(JobResult job) {
    Map<String, List<String>> byRepository = new LinkedHashMap<>();
    for (TagResult t : job.tags()) {
      if (t.status() == TagResult.Status.FAILED) {
        List<String> tags = byRepository.computeIfAbsent(t.target().repositoryName(), r -> new ArrayList<>());
        t.target().tag().filter(tag -> !tags.contains(tag)).ifPresent(tags::add);
      }
    }
    return byRepository;
  }

  private static ObjectNode entry(JobResult job, String repository, List<String> tags) {
    ObjectNode e = Json.mapper().createObjectNode();
    ImageReference source = job.source();
    if (job.selection().isPresent()) {
      e.put("source", source.repositoryName());
      e.put("target", repository);
      putSelection(e, job.selection().get());
    } else {
      e.put("source", source.toString());
      e.put("target", repository);
      ArrayNode t = e.putArray("tags");
      tags.forEach(t::add);
    }
    if (!job.platforms().isEmpty()) {
      ArrayNode p = e.putArray("architectures");
      job.platforms().stream().map(Platform::toString).forEach(p::add);
    }
    if (job.referrers()) {
      e.put("referrers", true);
    }
    return e;
  }

  private static void putSelection(ObjectNode e, TagSelection.Listed selection) {
    if (selection.pattern().isEmpty() && selection.range().isEmpty() && selection.newest().isEmpty()) {
      e.put("allTags", true);
    }
    selection.pattern().ifPresent(p -> e.put("tagPattern", p.pattern()));
    selection.range().ifPresent(r -> e.put("semver", r.toString()));
    selection.newest().ifPresent(n -> e.put("newest", n));
  }
}
