package dev.imagesync.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesync.image.Json;
import dev.imagesync.secrets.Secrets;
import dev.imagesync.sync.JobResult;
import dev.imagesync.sync.SyncOutcome;
import dev.imagesync.sync.TagResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code --report FILE}: the run as JSON, for artifacts and notifications. One entry per job
 * (source, status, source digest, bytes uploaded, seconds) with one entry per destination tag
 * (target, status, destination digest, note, error), and the totals.
 */
public final class JsonReport {

  private JsonReport() {}

  public static String render(SyncOutcome outcome, double seconds, Instant finished) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("finished", finished.toString());
    ArrayNode jobs = root.putArray("jobs");
    for (JobResult job : outcome.jobs()) {
      ObjectNode j = jobs.addObject();
      j.put("status", job.status().label());
      j.put("source", job.source().toString());
      j.put("sourceDigest", job.sourceDigest().map(Object::toString).orElse(null));
      j.put("bytes", job.bytesUploaded());
      j.put("seconds", Math.round(job.seconds() * 1000) / 1000.0);
      ArrayNode tags = j.putArray("tags");
      for (TagResult t : job.tags()) {
        ObjectNode tag = tags.addObject();
        tag.put("status", t.status().label());
        tag.put("target", t.target().toString());
        tag.put("digest", t.digest().map(Object::toString).orElse(null));
        t.note().ifPresent(n -> tag.put("note", n));
        t.reason().ifPresent(r -> tag.put("error", Secrets.redact(r)));
      }
    }
    ObjectNode totals = root.putObject("totals");
    totals.put("jobs", outcome.jobs().size());
    totals.put("copied", outcome.count(TagResult.Status.COPIED));
    totals.put("skipped", outcome.count(TagResult.Status.SKIPPED));
    totals.put("failed", outcome.count(TagResult.Status.FAILED));
    totals.put("wouldCopy", outcome.count(TagResult.Status.WOULD_COPY));
    totals.put("pruned", outcome.count(TagResult.Status.PRUNED));
    totals.put("blobsUploaded", outcome.stats().blobsUploaded());
    totals.put("blobsMounted", outcome.stats().blobsMounted());
    totals.put("bytesUploaded", outcome.stats().bytesUploaded());
    totals.put("seconds", Math.round(seconds * 1000) / 1000.0);
    try {
      return Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The destination tags of a report that were copied or skipped (what the records need), for
   * `imagesync record` after a sharded run. Throws IllegalArgumentException naming what is wrong.
   */
  public static java.util.List<TagResult> readMirrored(Path file) throws IOException {
    com.fasterxml.jackson.databind.JsonNode root = Json.mapper().readTree(file.toFile());
    if (root == null || !root.path("jobs").isArray()) {
      throw new IllegalArgumentException(file + ": not an imagesync report (no \"jobs\" array)");
    }
    java.util.List<TagResult> results = new java.util.ArrayList<>();
    int j = 0;
    for (com.fasterxml.jackson.databind.JsonNode job : root.path("jobs")) {
      int t = 0;
      for (com.fasterxml.jackson.databind.JsonNode tag : job.path("tags")) {
        String where = file + ": jobs[" + j + "].tags[" + t++ + "]";
        String status = tag.path("status").asText("");
        TagResult.Status s = status.equals("copied") ? TagResult.Status.COPIED : status.equals("skipped") ? TagResult.Status.SKIPPED : null;
        if (s == null) {
          continue;
        }
        try {
          results.add(new TagResult(s, dev.imagesync.image.ImageReference.parse(job.path("source").asText()),
              dev.imagesync.image.ImageReference.parse(tag.path("target").asText()),
              java.util.Optional.of(dev.imagesync.image.Digest.parse(tag.path("digest").asText())),
              java.util.Optional.empty(), java.util.Optional.empty()));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
      }
      j++;
    }
    return results;
  }

  /** Writes the report atomically (a reader never sees half of it). */
  public static void write(Path file, SyncOutcome outcome, double seconds) throws IOException {
    String json = render(outcome, seconds, Instant.now());
    RecordFile.update(file, old -> json);
  }
}
