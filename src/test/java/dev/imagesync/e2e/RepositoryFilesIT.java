package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The files at the top of the repository, as a fork starts with them. */
class RepositoryFilesIT {

  private static final Path ROOT = Path.of("").toAbsolutePath();

  @Test
  void theExampleListPlansOnAFreshClone() {
    Cli.Run run = Cli.run(List.of(), Map.of(), "plan", ROOT.resolve("images.json").toString(), "--to", "127.0.0.1:5000/ns");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.lines().size() >= 3 && run.lines().stream().allMatch(l -> l.contains(" -> 127.0.0.1:5000/ns/")), run.stdout());
  }

  @Test
  void withNoDestinationTheMessageSaysWhatToSet() {
    Cli.Run run = Cli.run(List.of(), Map.of(), "sync", ROOT.resolve("images.json").toString());
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("pass --to REGISTRY[/NAMESPACE] or set ALIYUN_REGISTRY (and ALIYUN_NAMESPACE)"), run.stderr());
    assertEquals(1, run.stderr().strip().lines().count(), "one line: " + run.stderr());
  }

  @Test
  void theExampleAuthFileReadsWithTheWorkflowsVariables() {
    Cli.Run run = Cli.run(List.of(), Map.of("ALIYUN_USERNAME", "name@1234567890123456", "ALIYUN_PASSWORD", "secret-value"),
        "plan", "--auth", ROOT.resolve("auth.example.yaml").toString(), ROOT.resolve("images.json").toString(), "--to", "127.0.0.1:5000/ns");
    assertEquals(0, run.exitCode(), run.toString());
  }

  @Test
  void theRecordFilesHaveTheOldWorkflowsHeaders() throws Exception {
    // startsWith: in a fork, the sync workflow commits rows under them.
    assertTrue(Files.readString(ROOT.resolve("transfer_history.md")).startsWith("| 源镜像 | 目标镜像 | 运行时间 |\n|---|---|---|\n"));
    assertTrue(Files.readString(ROOT.resolve("image_list.md")).startsWith(
        "# Docker Image Mapping\n| DockerHub Image | Aliyun Mirror |\n|-----------------|---------------|\n"));
  }
}
