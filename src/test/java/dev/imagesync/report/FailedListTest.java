package dev.imagesync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesync.config.SyncRule;
import dev.imagesync.config.TagSelection;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Platform;
import dev.imagesync.image.SemverRange;
import dev.imagesync.sync.CopyStats;
import dev.imagesync.sync.SyncOutcome;
import dev.imagesync.sync.TagResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailedListTest {

  @TempDir Path dir;

  @Test
  void aRuleWhoseTagsCouldNotBeListedIsWrittenWithItsSelectionAndPlatforms() throws Exception {
    ImageReference all = ImageReference.parse("ghcr.io/org/all");
    ImageReference some = ImageReference.parse("ghcr.io/org/some");
    ImageReference mirrorAll = ImageReference.parse("registry.example.com/ns/all");
    ImageReference mirrorSome = ImageReference.parse("registry.example.com/ns/some");
    SyncRule allTags = new SyncRule(all, TagSelection.Listed.all(), List.of(new SyncRule.Target(mirrorAll, List.of())),
        List.of(Platform.parseRequested("linux/arm64")), "images.json:2");
    SyncRule filtered = new SyncRule(some, new TagSelection.Listed(Optional.of(Pattern.compile("^v")), Optional.of(SemverRange.parse(">=1.2 <2")),
        OptionalInt.of(3)), List.of(new SyncRule.Target(mirrorSome, List.of())), List.of(), "images.json:5");
    SyncOutcome outcome = new SyncOutcome(List.of(), new CopyStats(), Map.of(), List.of()).withFailures(
        List.of(failed(all, mirrorAll), failed(some, mirrorSome)), Map.of(all, allTags, some, filtered));

    Path out = dir.resolve("failed.json");
    FailedList.write(out, outcome.jobs());

    assertEquals(new ObjectMapper().readTree("""
        [ {"source": "ghcr.io/org/all", "target": "registry.example.com/ns/all", "allTags": true, "architectures": ["linux/arm64"]},
          {"source": "ghcr.io/org/some", "target": "registry.example.com/ns/some", "tagPattern": "^v", "semver": ">=1.2 <2", "newest": 3} ]
        """), new ObjectMapper().readTree(out.toFile()));
  }

  @Test
  void aJobThatCarriedReferrersAsksForThemAgain() throws Exception {
    ImageReference source = ImageReference.parse("ghcr.io/org/signed:1.0");
    ImageReference target = ImageReference.parse("registry.example.com/ns/signed:1.0");
    dev.imagesync.sync.JobResult job = new dev.imagesync.sync.JobResult(source, "images.json:1",
        List.of(new TagResult(TagResult.Status.FAILED, source, target, Optional.empty(), Optional.empty(), Optional.of("referrers not carried: 503"))),
        Optional.empty(), 0, 0, List.of(), Optional.empty(), true);

    Path out = dir.resolve("failed.json");
    FailedList.write(out, List.of(job));

    assertEquals(new ObjectMapper().readTree("""
        [ {"source": "ghcr.io/org/signed:1.0", "target": "registry.example.com/ns/signed", "tags": ["1.0"], "referrers": true} ]
        """), new ObjectMapper().readTree(out.toFile()));
  }

  @Test
  void nothingFailedLeavesAnEmptyFile() throws Exception {
    Path out = dir.resolve("failed.json");
    Files.writeString(out, "[ {\"source\": \"stale\"} ]\n");
    FailedList.write(out, List.of());
    assertEquals("", Files.readString(out), "the failed list of an earlier run is emptied");
    Path fresh = dir.resolve("fresh.json");
    FailedList.write(fresh, List.of());
    assertEquals("", Files.readString(fresh));
  }

  private static TagResult failed(ImageReference source, ImageReference target) {
    return new TagResult(TagResult.Status.FAILED, source, target, Optional.empty(), Optional.empty(), Optional.of("cannot list tags: 503"));
  }
}
