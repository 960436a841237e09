package dev.imagesync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The GitLab CI and Kubernetes examples under docs/examples, read as YAML (no Kubernetes schema
 * checker installs here from Debian or npm): the fields those systems need are there, they run
 * the image as its non-root user, and every imagesync command line in them is one the commands
 * of this build accept.
 */
class ExamplesTest {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Path EXAMPLES = Path.of("docs/examples");

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode d = (JsonNode) it.next();
        if (d != null && !d.isNull() && !d.isMissingNode()) {
          docs.add(d);
        }
      }
    }
    return docs;
  }

  /** An imagesync command line, as a shell would split it (shard numbers as pod 0 would see them); it must parse. */
  private static void accepted(String line, String where) {
    String command = line.replace("$((JOB_COMPLETION_INDEX + 1))", "1").replace("$JOB_COMPLETION_INDEX", "0").replaceAll("\\s*\\|\\|.*$", "");
    List<String> words = new ArrayList<>(Arrays.asList(command.strip().split("\\s+")));
    assertEquals("imagesync", words.remove(0), where + ": " + line);
    parses(words, where);
  }

  private static void parses(List<String> args, String where) {
    try {
      Main.commandLine(args.toArray(String[]::new)).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(where + ": imagesync " + String.join(" ", args) + ": " + e.getMessage(), e);
    }
  }

  @Test
  void kubernetesExamplesRunTheImageAsItsUserWithCommandsImagesyncAccepts() throws IOException {
    List<Path> files;
    try (var list = Files.list(EXAMPLES.resolve("kubernetes"))) {
      files = list.sorted().toList();
    }
    assertEquals(3, files.size(), files.toString());
    int containers = 0;
    for (Path file : files) {
      for (JsonNode doc : documents(file)) {
        String where = file.getFileName() + " " + doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
        assertFalse(doc.path("apiVersion").asText().isEmpty() || doc.path("kind").asText().isEmpty() || doc.path("metadata").path("name").asText().isEmpty(), where);
        JsonNode job = switch (doc.path("kind").asText()) {
          case "CronJob" -> doc.path("spec").path("jobTemplate").path("spec");
          case "Job" -> doc.path("spec");
          default -> null;
        };
        if (job == null) {
          continue;
        }
        assertEquals("batch/v1", doc.path("apiVersion").asText(), where);
        if (doc.path("kind").asText().equals("CronJob")) {
          assertTrue(doc.path("spec").path("schedule").asText().split(" ").length == 5, where + ": a cron schedule");
        }
        JsonNode pod = job.path("template").path("spec");
        assertEquals("Never", pod.path("restartPolicy").asText(), where);
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), where + ": runs as non-root");
        assertEquals(65532, pod.path("securityContext").path("runAsUser").asInt(), where + ": the image's user");
        for (JsonNode c : pod.path("containers")) {
          containers++;
          assertEquals("ghcr.io/owner/imagesync:1", c.path("image").asText(), where);
          List<String> args = new ArrayList<>();
          c.path("args").forEach(a -> args.add(a.asText()));
          if (c.path("command").isMissingNode()) {
            parses(args, where); // the image's entrypoint is imagesync
          } else {
            assertEquals("[\"/bin/sh\",\"-c\"]", c.path("command").toString(), where);
            accepted(args.get(0), where);
          }
          if (job.path("completionMode").asText().equals("Indexed")) {
            int n = job.path("completions").asInt();
            assertEquals(n, job.path("parallelism").asInt(), where);
            assertTrue(args.get(0).contains("--shard $((JOB_COMPLETION_INDEX + 1))/" + n), where + ": every index takes its part: " + args);
          }
        }
      }
    }
    assertEquals(4, containers, "containers checked: the CronJob, the shards, the fold, the queue workers");
  }

  @Test
  void theGitlabPipelineRunsTheImageOnASchedule() throws IOException {
    JsonNode pipeline = documents(EXAMPLES.resolve("gitlab-ci.yml")).get(0);
    JsonNode job = pipeline.path("mirror");
    assertEquals("ghcr.io/owner/imagesync:1", job.path("image").path("name").asText());
    assertEquals("[\"\"]", job.path("image").path("entrypoint").toString(), "GitLab needs a shell, not the entrypoint");
    List<String> rules = new ArrayList<>();
    job.path("rules").forEach(r -> rules.add(r.path("if").asText()));
    assertTrue(rules.contains("$CI_PIPELINE_SOURCE == \"schedule\""), rules.toString());
    List<String> script = new ArrayList<>();
    job.path("script").forEach(s -> script.add(s.asText()));
    List<String> runs = script.stream().filter(s -> s.startsWith("imagesync ")).toList();
    assertEquals(1, runs.size(), script.toString());
    accepted(runs.get(0), "gitlab-ci.yml");
    List<String> kept = new ArrayList<>();
    job.path("artifacts").path("paths").forEach(p -> kept.add(p.asText()));
    assertTrue(kept.containsAll(List.of("transfer_history.md", "image_list.md")), "the records go to the next job: " + kept);
    assertEquals("always", job.path("artifacts").path("when").asText(), "kept when an image failed too");
    JsonNode records = pipeline.path("records");
    assertTrue(records.path("image").path("name").asText().contains("git"), "the records job runs where git is");
    records.path("rules").forEach(r -> assertEquals("always", r.path("when").asText(), "after a failed mirror job too: " + r));
  }

  /**
   * The records job's script, run as written in a real git checkout with a bare repository for
   * the remote: a first run's records are new files, which git diff would not see; the checkout
   * is owned by another user than the one that runs it (safe.directory).
   */
  @Test
  void theRecordsJobCommitsNewRecordsAndPushesThem(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    JsonNode records = documents(EXAMPLES.resolve("gitlab-ci.yml")).get(0).path("records");
    StringBuilder script = new StringBuilder("set -e\n");
    records.path("script").forEach(s -> script.append(s.asText()).append('\n'));
    Path remote = tmp.resolve("remote.git");
    Path checkout = tmp.resolve("checkout");
    Path home = Files.createDirectories(tmp.resolve("home"));
    git(tmp, "init", "-q", "--bare", "-b", "main", remote.toString());
    git(tmp, "clone", "-q", remote.toString(), checkout.toString());
    Files.writeString(checkout.resolve("images.json"), "[]\n");
    git(checkout, "-c", "user.name=t", "-c", "user.email=t@t", "add", "images.json");
    git(checkout, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "lists");
    git(checkout, "push", "-q", "origin", "HEAD:main");
    // What the mirror job's artifacts bring: records that are new in the checkout.
    Files.writeString(checkout.resolve("transfer_history.md"), "| a | b |\n");
    Files.writeString(checkout.resolve("image_list.md"), "| nginx |\n");
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", script.toString()).directory(checkout.toFile()).redirectErrorStream(true);
    pb.environment().putAll(java.util.Map.of("CI_PROJECT_DIR", checkout.toString(), "CI_SERVER_HOST", "gitlab.example",
        "CI_PROJECT_PATH", "team/mirror", "CI_COMMIT_REF_NAME", "main", "RECORDS_REMOTE", remote.toString(), "HOME", home.toString(),
        "GIT_CONFIG_NOSYSTEM", "1"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    String pushed = git(tmp, "--git-dir", remote.toString(), "show", "--stat", "--format=%s", "main");
    assertTrue(pushed.startsWith("imagesync: records [skip ci]") && pushed.contains("transfer_history.md") && pushed.contains("image_list.md"),
        pushed);
    assertTrue(Files.readString(home.resolve(".gitconfig")).contains("directory = " + checkout), "the checkout marked safe");
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "git " + String.join(" ", args) + ": " + out);
    return out;
  }

  /** Passwords come from Secrets made apart: no Secret with data in the examples, no password-like variable given inline. */
  @Test
  void noPasswordSitsInAKubernetesExample() throws IOException {
    try (var list = Files.list(EXAMPLES.resolve("kubernetes"))) {
      for (Path file : list.toList()) {
        for (JsonNode doc : documents(file)) {
          assertFalse(doc.path("kind").asText().equals("Secret") && (doc.has("data") || doc.has("stringData")),
              file.getFileName() + ": a Secret with its values in the file");
          doc.findValues("env").forEach(env -> env.forEach(e -> assertFalse(
              e.path("name").asText().matches("(?i).*(PASSWORD|TOKEN|SECRET|_KEY).*") && e.has("value"),
              file.getFileName() + ": " + e.path("name").asText() + " given inline")));
        }
      }
    }
  }
}
