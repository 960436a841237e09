package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The markdown records a sync keeps in its working directory, as the existing workflows do:
 * transfer_history.md (a row per copied tag) and image_list.md (the mapping, upserted).
 */
@ExtendWith(RegistryExtension.class)
class RecordsIT {

  private static final String TIME = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}";

  @TempDir Path dir;

  @Test
  void aMappingRowSpelledTheShortWayIsTheSameImage(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    // transfer.sh wrote `nginx:latest`-style names; a sync of the same image must find that row.
    RawRegistry src = new RawRegistry(srcRegistry);
    new TestImages(src).single("lib/app", "latest", "linux/amd64", "records-short", true);
    String to = dstRegistry.address() + "/mirror";
    String seed = "# Docker Image Mapping\n| DockerHub Image | Aliyun Mirror |\n|-----------------|---------------|\n"
        + "| `" + src.address() + "/lib/app` | `" + to + "/app` |\n";
    Files.writeString(dir.resolve("image_list.md"), seed);
    Path list = dir.resolve("short.md");
    Files.writeString(list, src.address() + "/lib/app:latest\n");

    Cli.Run run = Cli.runIn(dir, List.of(), Map.of(), "sync", list.toString(), "--to", to);

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(1, run.linesStartingWith("copied").size(), run.stdout());
    assertEquals(seed, Files.readString(dir.resolve("image_list.md")), "the row was found: no second row, spelling and separator kept");
  }

  @Test
  void seedFormatFilesKeepTheirColumnsAndAreUpsertedNotDuplicated(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    TestImages images = new TestImages(src);
    images.multiArch("lib/web", "1.0", true, "records-web", 1, 2000, "linux/amd64", "linux/arm64");
    images.single("lib/db", "2", "linux/amd64", "records-db", true);
    Files.writeString(dir.resolve("transfer_history.md"), "| 源镜像 | 目标镜像 | 运行时间 |\n|---|---|---|\n"
        + "| nginx:latest | registry.cn-hangzhou.aliyuncs.com/namespace/nginx:latest | 2024-01-01 12:00:00 |\n");
    Files.writeString(dir.resolve("image_list.md"), "# Docker Image Mapping\n| DockerHub Image | Aliyun Mirror |\n"
        + "|-----------------|---------------|\n| `zz/last:1` | `registry.example/ns/last:1` |\n");
    Path list = dir.resolve("images.md");
    Files.writeString(list, src.address() + "/lib/web:1.0\n" + src.address() + "/lib/db:2\n");
    String to = dstRegistry.address() + "/mirror";

    Cli.Run first = Cli.runIn(dir, List.of(), Map.of(), "sync", list.toString(), "--to", to);

    assertEquals(0, first.exitCode(), first.toString());
    List<String> history = Files.readAllLines(dir.resolve("transfer_history.md"), StandardCharsets.UTF_8);
    assertEquals("| 源镜像 | 目标镜像 | 运行时间 |", history.get(0));
    assertEquals(5, history.size(), String.join("\n", history));
    assertTrue(history.get(2).startsWith("| nginx:latest |"), history.get(2));
    Set<String> copied = new HashSet<>();
    for (String row : history.subList(3, 5)) {
      assertTrue(row.matches("\\| " + java.util.regex.Pattern.quote(src.address()) + "/lib/(web:1\\.0|db:2) \\| "
          + java.util.regex.Pattern.quote(to) + "/(web:1\\.0|db:2) \\| " + TIME + " \\|"), row);
      copied.add(row.split(" \\| ")[0]);
    }
    assertEquals(2, copied.size(), "one row per copied tag");
    String mapping = Files.readString(dir.resolve("image_list.md"));
    assertTrue(mapping.startsWith("# Docker Image Mapping\n| DockerHub Image | Aliyun Mirror |\n"), mapping);
    List<String> rows = mapping.lines().filter(l -> l.startsWith("| `")).toList();
    assertEquals(List.of("| `" + src.address() + "/lib/db:2` | `" + to + "/db:2` |",
        "| `" + src.address() + "/lib/web:1.0` | `" + to + "/web:1.0` |",
        "| `zz/last:1` | `registry.example/ns/last:1` |"), rows, "sorted, in the seed's code spans");

    Cli.Run second = Cli.runIn(dir, List.of(), Map.of(), "sync", list.toString(), "--to", to);

    assertEquals(0, second.exitCode(), second.toString());
    assertEquals(2, second.linesStartingWith("skipped").size(), second.stdout());
    assertEquals(history, Files.readAllLines(dir.resolve("transfer_history.md"), StandardCharsets.UTF_8), "skipped tags add no history");
    assertEquals(mapping, Files.readString(dir.resolve("image_list.md")), "nothing appended twice");
  }

  @Test
  void newFilesHaveDigestAndTimeAndNoHistoryWritesNothing(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    TestImages.Pushed image = new TestImages(src).single("tools/jq", "1.7", "linux/amd64", "records-jq", false);
    Path list = dir.resolve("images.md");
    Files.writeString(list, src.address() + "/tools/jq:1.7\n");
    Path quiet = Files.createDirectory(dir.resolve("quiet"));

    Cli.Run none = Cli.runIn(quiet, List.of(), Map.of(), "sync", list.toString(), "--to", dstRegistry.address() + "/a", "--no-history");
    Cli.Run run = Cli.runIn(dir, List.of(), Map.of(), "sync", list.toString(), "--to", dstRegistry.address() + "/b",
        "--history", "records/history.md", "--image-list", "records/mirrors.md");

    assertEquals(0, none.exitCode(), none.toString());
    try (var files = Files.list(quiet)) {
      assertEquals(0, files.count(), "--no-history writes no file");
    }
    assertEquals(0, run.exitCode(), run.toString());
    String history = Files.readString(dir.resolve("records/history.md"));
    assertTrue(history.contains("| Source | Target | Digest | Time (UTC) |"), history);
    assertTrue(history.contains("| " + image.digest() + " |"), history);
    String mirrors = Files.readString(dir.resolve("records/mirrors.md"));
    assertTrue(mirrors.contains("| Source Image | Mirror | Digest | Updated (UTC) |"), mirrors);
    assertTrue(mirrors.matches("(?s).*\\| `[^`]+/tools/jq:1\\.7` \\| `[^`]+/b/jq:1\\.7` \\| " + image.digest() + " \\| " + TIME + " \\|.*"), mirrors);
  }

  /** Two runs at once in one directory: both tables end up whole, with every row once. */
  @Test
  void concurrentRunsLeaveBothTablesIntact(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    TestImages images = new TestImages(src);
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      images.single("many/img" + i, "v1", "linux/amd64", "records-many-" + i, true);
      (i % 2 == 0 ? a : b).add(src.address() + "/many/img" + i + ":v1");
    }
    Path listA = dir.resolve("a.md");
    Path listB = dir.resolve("b.md");
    Files.write(listA, a);
    Files.write(listB, b);
    String to = dstRegistry.address() + "/many";

    CompletableFuture<Cli.Run> runA = CompletableFuture.supplyAsync(() -> Cli.runIn(dir, List.of(), Map.of(), "sync", listA.toString(), "--to", to, "-j", "1"));
    CompletableFuture<Cli.Run> runB = CompletableFuture.supplyAsync(() -> Cli.runIn(dir, List.of(), Map.of(), "sync", listB.toString(), "--to", to, "-j", "1"));

    assertEquals(0, runA.get().exitCode(), runA.get().toString());
    assertEquals(0, runB.get().exitCode(), runB.get().toString());
    String history = Files.readString(dir.resolve("transfer_history.md"));
    assertEquals(1, history.lines().filter(l -> l.startsWith("| Source |")).count(), history);
    assertEquals(12, history.lines().filter(l -> l.contains("/many/img")).count(), history);
    String mapping = Files.readString(dir.resolve("image_list.md"));
    assertEquals(1, mapping.lines().filter(l -> l.startsWith("| Source Image |")).count(), mapping);
    List<String> rows = mapping.lines().filter(l -> l.contains("/many/img")).toList();
    assertEquals(12, rows.size(), mapping);
    assertEquals(12, new HashSet<>(rows).size(), mapping);
    try (var files = Files.list(dir)) {
      assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
    }
  }

  /** --report writes JSON; inside GitHub Actions the step gets a summary and outputs. */
  @Test
  void jsonReportStepSummaryAndOutputs(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    TestImages.Pushed image = new TestImages(src).single("apps/ok", "1", "linux/amd64", "records-report", true);
    Path list = dir.resolve("images.md");
    Files.writeString(list, src.address() + "/apps/ok:1\n" + src.address() + "/apps/missing:1\n");
    Path summary = dir.resolve("summary.md");
    Path outputs = dir.resolve("outputs.txt");

    Cli.Run run = Cli.runIn(dir, List.of(), Map.of("GITHUB_STEP_SUMMARY", summary.toString(), "GITHUB_OUTPUT", outputs.toString()),
        "sync", list.toString(), "--to", dstRegistry.address() + "/r", "--report", "report.json");

    assertEquals(1, run.exitCode(), run.toString());
    com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertEquals(1, report.path("totals").path("copied").asInt(), report.toString());
    assertEquals(1, report.path("totals").path("failed").asInt(), report.toString());
    com.fasterxml.jackson.databind.JsonNode ok = report.path("jobs").get(0);
    assertEquals("copied", ok.path("status").asText());
    assertEquals(image.digest(), ok.path("sourceDigest").asText());
    assertEquals(image.digest(), ok.path("tags").get(0).path("digest").asText());
    assertTrue(ok.path("bytes").asLong() > 0, ok.toString());
    com.fasterxml.jackson.databind.JsonNode missing = report.path("jobs").get(1);
    assertEquals("failed", missing.path("status").asText());
    assertTrue(missing.path("tags").get(0).path("error").asText().contains("not found"), missing.toString());
    String md = Files.readString(summary);
    assertTrue(md.contains("1 copied, 0 skipped, 1 failed"), md);
    assertTrue(md.contains("### Failed (1)") && md.contains("/apps/missing:1"), md);
    assertTrue(md.contains("### Copied (1)") && md.contains(image.digest()), md);
    assertEquals(List.of("copied=1", "skipped=0", "failed=1", "total=2"), Files.readAllLines(outputs));
  }

  /**
   * --failed-list: whatever the inputs (a markdown list, an images.json, a mapping, an images.yaml
   * with one key written twice for two registries), one images.json that runs exactly the failed
   * tags again, with no --to and no mapping.
   */
  @Test
  void failedListHoldsEveryInputFormatAndRunsExactlyTheFailedTagsAgain(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    TestImages images = new TestImages(src);
    images.single("fl/ok", "1", "linux/amd64", "records-failed", true);
    String a = src.address();
    String d = dstRegistry.address();
    Path md = dir.resolve("images.md");
    Files.writeString(md, "# list\n" + a + "/fl/ok:1\n" + a + "/fl/gone:1\n");
    Path json = dir.resolve("images.json");
    Files.writeString(json, "[\n  {\"source\": \"" + a + "/fl/ok:1\", \"target\": \"j-ok\"},\n"
        + "  {\"source\": \"" + a + "/fl/lost:2\",\n   \"target\": \"j-lost\", \"tags\": [\"2\", \"latest\"]}\n]\n");
    Path yaml = dir.resolve("images.yaml");
    Files.writeString(yaml, a + "/fl/twice:1: " + d + "/y1/twice\n" + a + "/fl/twice:1: " + d + "/y2/twice\n");

    Cli.Run first = Cli.runIn(dir, List.of(), Map.of(), "sync", md.toString(), json.toString(), yaml.toString(),
        "--mapping", a + "/fl/map:3=" + d + "/m/map:3", "--to", d + "/f", "--failed-list", "failed.json");

    assertEquals(1, first.exitCode(), first.toString());
    com.fasterxml.jackson.databind.JsonNode failed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("failed.json").toFile());
    assertEquals(5, failed.size(), failed.toPrettyString());
    Set<String> entries = new HashSet<>();
    failed.forEach(e -> entries.add(e.path("source").asText() + " -> " + e.path("target").asText() + " " + e.path("tags")));
    assertEquals(Set.of(
        a + "/fl/gone:1 -> " + d + "/f/gone [\"1\"]",
        a + "/fl/lost:2 -> " + d + "/f/j-lost [\"2\",\"latest\"]",
        a + "/fl/map:3 -> " + d + "/m/map [\"3\"]",
        a + "/fl/twice:1 -> " + d + "/y1/twice [\"1\"]",
        a + "/fl/twice:1 -> " + d + "/y2/twice [\"1\"]"), entries);

    // The missing images appear; the failed list alone (no --to, no mapping) copies exactly what failed.
    images.single("fl/gone", "1", "linux/amd64", "gone", true);
    images.single("fl/lost", "2", "linux/amd64", "lost", true);
    images.single("fl/map", "3", "linux/amd64", "map", true);
    images.single("fl/twice", "1", "linux/amd64", "twice", true);
    Cli.Run again = Cli.runIn(dir, List.of(), Map.of(), "sync", "failed.json", "--failed-list", "failed-again.json");

    assertEquals(0, again.exitCode(), again.toString());
    Set<String> copied = new HashSet<>();
    again.lines().stream().filter(l -> l.startsWith("copied ")).forEach(l -> copied.add(l.split("\\s+")[3]));
    assertEquals(Set.of(d + "/f/gone:1", d + "/f/j-lost:2", d + "/f/j-lost:latest", d + "/m/map:3", d + "/y1/twice:1", d + "/y2/twice:1"),
        copied, again.stdout());
    assertEquals(6, again.lines().size(), "nothing else ran: " + again.stdout());
    assertEquals("", Files.readString(dir.resolve("failed-again.json")), "nothing failed");
  }

  @Test
  void aFailedListNotNamedJsonIsRefusedBeforeAnythingRuns(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    Path md = dir.resolve("images.md");
    Files.writeString(md, srcRegistry.address() + "/fl/none:1\n");
    Cli.Run run = Cli.runIn(dir, List.of(), Map.of(), "sync", md.toString(), "--to", dstRegistry.address() + "/f", "--failed-list", "failed.md");
    assertEquals(2, run.exitCode(), run.toString());
    assertEquals("imagesync: --failed-list: 'failed.md' does not end in .json; the failed list is an images.json (it holds entries from every input format)",
        run.stderr().strip());
    assertEquals(0, srcRegistry.requests().stream().filter(r -> r.path().contains("/fl/")).count(), "nothing was asked of the source");
  }
}
