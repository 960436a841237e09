package dev.imagesync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.sync.TagResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void aRowTheCopyingRunWroteBeforeItWasKilledIsNotRecordedAgain() {
    PendingRecords.Entry e = new PendingRecords.Entry(1, "2026-11-30 11:59:00", "docker.io/library/redis:7", "r.example/ns/redis:7", "sha256:" + "a".repeat(64));
    TagResult redis = new TagResult(TagResult.Status.COPIED, ImageReference.parse(e.source()), ImageReference.parse(e.target()),
        Optional.of(Digest.parse(e.digest())), Optional.empty(), Optional.empty());
    String written = RunRecords.appendHistory(HISTORY, List.of(redis), List.of(), "2026-11-30 11:59:02", "2026-11-30 11:58:00");
    assertEquals(written, RunRecords.appendHistory(written, List.of(), List.of(e), "", ""),
        "its row is there (written after its line, killed before the line was cleared)");
  }

  /** A process id that was a run and is gone now (as a killed run's is). */
  private static long goneRun() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Test
  void aKilledRunsLineForATagThisRunWroteIsSettled() throws Exception {
    Path history = dir.resolve("transfer_history.md");
    Digest landed = Digest.sha256("landed".getBytes(StandardCharsets.UTF_8));
    Digest never = Digest.sha256("x".getBytes(StandardCharsets.UTF_8)); // what copied() writes
    long gone = goneRun();
    PendingRecords pending = new PendingRecords(history);
    // Killed before its PUT reached the registry (the tag never held it), and killed after the
    // registry had another tag (it held it; the source has moved since).
    Files.writeString(pending.file(), gone + "\t2026-11-30 11:59:00\tdocker.io/library/nginx:1.25\tr.example/ns/nginx:1.25\t" + never + "\n"
        + gone + "\t2026-11-30 11:59:01\tdocker.io/library/redis:7\tr.example/ns/redis:7\t" + landed + "\n");
    RunRecords records = new RunRecords(Optional.of(history), Optional.empty());
    TagResult nginx = copied("docker.io/library/nginx:1.25", "r.example/ns/nginx:1.25");
    TagResult redis = copied("docker.io/library/redis:7", "r.example/ns/redis:7");
    records.commits().beforeTag(nginx.source(), nginx.target(), nginx.digest().get(), Optional.empty());
    records.commits().beforeTag(redis.source(), redis.target(), redis.digest().get(), Optional.of(landed));

    assertEquals(Optional.empty(), records.record(List.of(nginx, redis)));
    String text = Files.readString(history);
    assertEquals(1, text.lines().filter(l -> l.contains("nginx:1.25")).count(), "the copy that never landed has no row of its own: " + text);
    assertTrue(text.contains("| docker.io/library/redis:7 | r.example/ns/redis:7 | " + landed + " | 2026-11-30 11:59:01" + RunRecords.RECORDED_LATE + " |"),
        "the copy that landed is recorded late, before this run's: " + text);
    assertEquals(2, text.lines().filter(l -> l.contains("redis:7")).count(), text);
    assertFalse(Files.exists(pending.file()), "no line waits for a tag that will never be found at its digest");
  }

  @TempDir Path dir;

  /** Makes {@code file}'s next rewrite fail the way a full disk does: its temporary file cannot be written. */
  private static Path blockRewrite(Path file) throws Exception {
    Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.createDirectories(temp.resolve("in-the-way"));
    return temp;
  }

  private static void unblock(Path temp) throws Exception {
    Files.delete(temp.resolve("in-the-way"));
    Files.delete(temp);
  }

  @Test
  void rowsThatCouldNotBeWrittenWaitAndAreWrittenWhenTheFileCanBe() throws Exception {
    Path history = dir.resolve("transfer_history.md");
    Path list = dir.resolve("image_list.md");
    RunRecords records = new RunRecords(Optional.of(history), Optional.of(list));
    Path blocked = blockRewrite(history);
    TagResult nginx = copied("docker.io/library/nginx:1.25", "r.example/ns/nginx:1.25");
    TagResult redis = copied("docker.io/library/redis:7", "r.example/ns/redis:7");

    Optional<String> problem = records.record(List.of(nginx));
    assertTrue(problem.isPresent() && problem.get().startsWith("cannot update " + history + ": "), problem.toString());
    assertFalse(Files.exists(history));
    assertTrue(Files.readString(list).contains("nginx:1.25"), "the other file is written as usual");
    records.record(List.of(redis));
    String line = records.unrecorded().orElseThrow();
    assertTrue(line.startsWith("records not written: cannot update " + history + ": ") && line.contains("2 copied tags not recorded"), line);

    unblock(blocked);
    assertEquals(Optional.empty(), records.retry());
    String text = Files.readString(history);
    assertTrue(text.contains("| docker.io/library/nginx:1.25 | r.example/ns/nginx:1.25 |") && text.contains("redis:7"), text);
    assertEquals(Optional.empty(), records.unrecorded());
    assertEquals(Optional.empty(), records.retry(), "nothing waits: nothing written again");
    assertEquals(text, Files.readString(history));
  }

  @Test
  void aTagWhoseTraceCannotBeKeptIsRefusedBeforeItIsWritten() throws Exception {
    Path history = dir.resolve("transfer_history.md");
    PendingRecords pending = new PendingRecords(history);
    Files.createDirectories(pending.file()); // a path that cannot be appended to, as a full disk
    ImageReference source = ImageReference.parse("docker.io/library/nginx:1.25");
    ImageReference target = ImageReference.parse("r.example/ns/nginx:1.25");
    dev.imagesync.sync.TagCommits.TraceNotKept e = assertThrows(dev.imagesync.sync.TagCommits.TraceNotKept.class,
        () -> pending.beforeTag(source, target, Digest.sha256(new byte[0]), Optional.empty()));
    assertTrue(e.getMessage().startsWith("not tagged, as its record could not be kept: cannot write " + pending.file() + ": "), e.getMessage());
  }
}
