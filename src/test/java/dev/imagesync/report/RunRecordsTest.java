package dev.imagesync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.sync.TagResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The records as the old workflows wrote them: rows found by the image they name, however spelled. */
class RunRecordsTest {

  private static final String SEED = "# Docker Image Mapping\n"
      + "| DockerHub Image | Aliyun Mirror |\n"
      + "|-----------------|---------------|\n"
      + "| `nginx:latest` | `registry.cn-hangzhou.aliyuncs.com/namespace/nginx:latest` |\n";

  private static TagResult copied(String source, String target) {
    return new TagResult(TagResult.Status.COPIED, ImageReference.parse(source), ImageReference.parse(target),
        Optional.of(Digest.sha256("x".getBytes(StandardCharsets.UTF_8))), Optional.empty(), Optional.empty());
  }

  @Test
  void transferShsRowIsUpdatedNotDoubledAndKeepsItsSpellingAndSeparator() {
    String updated = RunRecords.upsertMapping(SEED,
        List.of(copied("docker.io/library/nginx:latest", "registry.cn-hangzhou.aliyuncs.com/namespace/nginx:latest")), "2026-11-30 12:00:00");
    assertEquals(SEED, updated, "the same image, spelled the short way: nothing to add, nothing rewritten");

    String added = RunRecords.upsertMapping(SEED, List.of(copied("redis:alpine", "registry.cn-hangzhou.aliyuncs.com/namespace/redis:alpine")),
        "2026-11-30 12:00:00");
    assertEquals("# Docker Image Mapping\n"
        + "| DockerHub Image | Aliyun Mirror |\n"
        + "|-----------------|---------------|\n"
        + "| `nginx:latest` | `registry.cn-hangzhou.aliyuncs.com/namespace/nginx:latest` |\n"
        + "| `docker.io/library/redis:alpine` | `registry.cn-hangzhou.aliyuncs.com/namespace/redis:alpine` |\n", added);
  }

  @Test
  void namesAreComparedAsDockerReadsThem() {
    assertEquals(true, RunRecords.sameImage("`nginx`", "docker.io/library/nginx:latest"));
    assertEquals(true, RunRecords.sameImage("index.docker.io/library/nginx:latest", "docker.io/library/nginx:latest"));
    assertEquals(false, RunRecords.sameImage("`nginx:1.25`", "docker.io/library/nginx:latest"));
    assertEquals(false, RunRecords.sameImage("not a reference", "docker.io/library/nginx:latest"));
  }

  private static final String HISTORY = "| 源镜像 | 目标镜像 | 运行时间 |\n|---|---|---|\n";

  @Test
  void aCopyAnotherRunRecordedSinceThisRunStartedIsNotRecordedTwice() {
    TagResult nginx = copied("docker.io/library/nginx:1.25", "r.example/ns/nginx:1.25");
    String byOther = RunRecords.appendHistory(HISTORY, List.of(nginx), List.of(), "2026-11-30 12:00:05", "2026-11-30 12:00:00");
    assertEquals(byOther, RunRecords.appendHistory(byOther, List.of(nginx), List.of(), "2026-11-30 12:00:07", "2026-11-30 12:00:01"),
        "the other run started at the same time and wrote it first");
    String later = RunRecords.appendHistory(byOther, List.of(nginx), List.of(), "2026-12-01 12:00:07", "2026-12-01 12:00:00");
    assertEquals(2, later.lines().filter(l -> l.contains("nginx:1.25")).count(), "a later run's own copy gets its row: " + later);
  }

  @Test
  void aKilledRunsCopyIsRecordedLateOnceAtTheTimeItWasCopied() {
    PendingRecords.Entry e = new PendingRecords.Entry(1, "2026-11-30 11:59:00", "docker.io/library/redis:7", "r.example/ns/redis:7", "sha256:" + "a".repeat(64));
    String once = RunRecords.appendHistory(HISTORY, List.of(), List.of(e), "", "");
    assertEquals(HISTORY + "| docker.io/library/redis:7 | r.example/ns/redis:7 | 2026-11-30 11:59:00" + RunRecords.RECORDED_LATE + " |\n", once);
    assertEquals(once, RunRecords.appendHistory(once, List.of(), List.of(e), "", ""), "found again by a second run: not doubled");
  }
}
