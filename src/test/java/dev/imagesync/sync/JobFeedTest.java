package dev.imagesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.config.SyncJob;
import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Manifest;
import dev.imagesync.testing.InMemoryRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Jobs that arrive while a run is under way (a queue's batches), in memory: each batch is asked
 * for only when the jobs in hand have drained to the mark, every job is run and told once, and a
 * fence that refuses a tag keeps that tag unwritten while the others are written.
 */
class JobFeedTest {

  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private final InMemoryRegistry registries = new InMemoryRegistry();

  private SyncJob job(String tag) {
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"tag\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8);
    registries.putBlob("src.example/org/app", config);
    Manifest m = Manifest.of(("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Digest.sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[]}")
        .getBytes(StandardCharsets.UTF_8), OCI_MANIFEST);
    registries.putManifest("src.example/org/app", tag, m);
    return new SyncJob(ImageReference.parse("src.example/org/app:" + tag), ImageReference.repository("dst.example", "mirror/app"), List.of(tag),
        List.of(), "row-" + tag);
  }

  @Test
  void batchesArriveAsTheJobsInHandDrainAndEachJobIsToldOnce() {
    Deque<List<SyncJob>> batches = new ArrayDeque<>(List.of(List.of(job("a"), job("b"), job("c")), List.of(job("d"), job("e")), List.of(job("f"))));
    List<Integer> inHandWhenAsked = Collections.synchronizedList(new ArrayList<>());
    List<String> told = Collections.synchronizedList(new ArrayList<>());
    int[] unfinished = {1}; // the list's job
    SyncRunner.JobFeed feed = new SyncRunner.JobFeed() {
      @Override
      public List<SyncJob> more() {
        inHandWhenAsked.add(unfinished[0]);
        List<SyncJob> next = batches.isEmpty() ? List.of() : batches.poll();
        unfinished[0] += next.size();
        return next;
      }

      @Override
      public void done(JobResult result) {
        unfinished[0]--;
        told.add(result.origin());
      }
    };
    List<Integer> added = new ArrayList<>();
    SyncOutcome outcome = new SyncRunner(registries, 2, false).checking(4).feeding(feed, 1, added::add).run(List.of(job("list")), r -> {});

    assertEquals(7, outcome.jobs().size());
    assertEquals(List.of("row-list", "row-a", "row-b", "row-c", "row-d", "row-e", "row-f"), outcome.jobs().stream().map(JobResult::origin).toList(),
        "in the order they came");
    assertEquals(List.of(1, 1, 1, 1), inHandWhenAsked,
        "the first batch at once, each next one when at most 1 job is unfinished, then once more to hear there is none");
    assertEquals(List.of(3, 2, 1), added);
    assertEquals(List.of("row-a", "row-b", "row-c", "row-d", "row-e", "row-f", "row-list"), told.stream().sorted().toList(), "each told once");
    assertTrue(outcome.jobs().stream().allMatch(j -> j.tags().get(0).status() == TagResult.Status.COPIED), outcome.jobs().toString());
  }

  @Test
  void aTagTheFenceRefusesIsNotWrittenAndItsJobFailsWithTheReason() {
    SyncJob kept = job("kept");
    SyncJob lost = job("lost");
    TagCommits fence = (source, target, digest, was) -> {
      if (target.tag().orElseThrow().equals("lost")) {
        throw new TagCommits.Refused("not tagged: row-lost is no longer this run's");
      }
    };
    SyncOutcome outcome = new SyncRunner(registries, 2, false).fencedBy(fence).run(List.of(kept, lost), r -> {});

    assertTrue(registries.manifest("dst.example/mirror/app", "kept").isPresent());
    assertTrue(registries.manifest("dst.example/mirror/app", "lost").isEmpty(), registries.writes().toString());
    TagResult refused = outcome.jobs().get(1).tags().get(0);
    assertEquals(TagResult.Status.FAILED, refused.status());
    assertEquals("not tagged: row-lost is no longer this run's", refused.reason().orElseThrow());
  }
}
