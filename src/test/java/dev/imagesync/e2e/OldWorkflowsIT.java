package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.ActionScripts;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy step of each of the five workflows imagesync replaces (../shared/seeds), switched to the
 * action as a user would switch: their own list files, secrets under their own names, their record
 * headers; run through the action's own scripts (scripts/action-*.sh, with the launcher on PATH)
 * against real registries, checking the digests that arrived and the records written.
 */
class OldWorkflowsIT {

  private static final String HISTORY_HEADER = "| 源镜像 | 目标镜像 | 运行时间 |";
  private static TestRegistry source;
  private static RawRegistry src;
  private static String nginx;
  private static String redis;
  private static String aiaw;

  @TempDir Path repo;

  @BeforeAll
  static void sourceImages() {
    source = TestRegistry.start();
    src = new RawRegistry(source);
    TestImages images = new TestImages(src);
    nginx = images.multiArch("library/nginx", "latest", true, "wf-nginx", 1, 2048, "linux/amd64", "linux/arm64", "linux/arm/v7").digest();
    redis = images.single("library/redis", "alpine", "linux/amd64", "wf-redis", false).digest();
    aiaw = images.single("krytro/aiaw", "latest", "linux/amd64", "wf-aiaw", true).digest();
    images.single("library/alpine", "3.18", "linux/amd64", "wf-alpine", true);
  }

  @AfterAll
  static void stop() {
    source.close();
  }

  /** 000, transfer.sh: upload/images.md, ALIYUN_* secrets, both record files kept in their own spelling, committed back. */
  @Test
  void transferSh() throws Exception {
    try (TestRegistry acr = TestRegistry.startWithBasicAuth("aliyun-user", "aliyun-pass")) {
      String s = source.address();
      Files.createDirectories(repo.resolve("upload"));
      Files.writeString(repo.resolve("upload/images.md"), "# 待同步镜像列表\n" + s + "/krytro/aiaw\n" + s + "/library/nginx:latest\n" + s + "/library/redis:alpine\n");
      Files.writeString(repo.resolve("transfer_history.md"), HISTORY_HEADER + "\n|---|---|---|\n| nginx:1.0 | old/ns/nginx:1.0 | 2024-01-01 12:00:00 |\n");
      String mapping = "# Docker Image Mapping\n| DockerHub Image | Aliyun Mirror |\n|-----------------|---------------|\n";
      Files.writeString(repo.resolve("image_list.md"), mapping + "| `" + s + "/library/nginx:latest` | `" + acr.address() + "/ns/nginx:latest` |\n");
      Path origin = gitRepositoryWithOrigin();
      Map<String, String> secrets = Map.of("ALIYUN_REGISTRY", acr.address(), "ALIYUN_NAMESPACE", "ns", "ALIYUN_USERNAME", "aliyun-user",
          "ALIYUN_PASSWORD", "aliyun-pass", "ALIYUN_REGION", "cn-hangzhou", "DOCKERHUB_USERNAME", "someone", "DOCKERHUB_TOKEN", "dckr_pat_unused");

      Map<String, String> out = action(Map.of(), secrets);

      assertEquals(Map.of("copied", "3", "skipped", "0", "failed", "0", "total", "3", "exit-code", "0"), counts(out), out.toString());
      RawRegistry dst = new RawRegistry(acr.address(), "aliyun-user", "aliyun-pass");
      assertEquals(aiaw, dst.getManifest("ns/aiaw", "latest").orElseThrow().digest());
      assertEquals(nginx, dst.getManifest("ns/nginx", "latest").orElseThrow().digest());
      assertEquals(redis, dst.getManifest("ns/redis", "alpine").orElseThrow().digest());
      String history = Files.readString(repo.resolve("transfer_history.md"));
      assertTrue(history.startsWith(HISTORY_HEADER + "\n|---|---|---|\n| nginx:1.0 | old/ns/nginx:1.0 |"), history);
      assertEquals(4, history.lines().filter(l -> l.startsWith("| ") && !l.startsWith(HISTORY_HEADER)).count(), history);
      String list = Files.readString(repo.resolve("image_list.md"));
      assertTrue(list.startsWith(mapping), "header and separator as the file had them: " + list);
      assertEquals(1, list.lines().filter(l -> l.contains("/ns/nginx:latest")).count(), "the existing row is updated, not doubled: " + list);
      assertEquals(3, list.lines().filter(l -> l.startsWith("| `")).count(), list);

      script("action-commit.sh", Map.of());
      String pushed = git(origin, "show", "main:transfer_history.md");
      assertEquals(history, pushed, "the records reached the repository");
      assertTrue(git(origin, "log", "-1", "--format=%s", "main").startsWith("imagesync: records of run"));
    }
  }

  /** 001, image-syncer: auth.yaml and an images.yaml whose key is written twice (Azure ACR and Aliyun ACR), --proc and --retries. */
  @Test
  void imageSyncer() throws Exception {
    try (TestRegistry azure = TestRegistry.startWithBasicAuth("azure-user", "azure-pass");
        TestRegistry aliyun = TestRegistry.startWithBasicAuth("aliyun-user", "aliyun-pass")) {
      String image = source.address() + "/library/nginx";
      Files.writeString(repo.resolve("auth.yaml"), azure.address() + ":\n  username: \"azure-user\"\n  password: \"azure-pass\"\n"
          + aliyun.address() + ":\n  username: \"aliyun-user\"\n  password: \"aliyun-pass\"\n");
      Files.writeString(repo.resolve("images.yaml"), image + ": " + azure.address() + "/hagicode\n" + image + ": " + aliyun.address() + "/hagicode/hagicode\n");

      Map<String, String> out = action(Map.of("ARGS", "--proc=10 --retries=3"), Map.of());

      assertEquals("2", out.get("copied"), out.toString());
      assertEquals(nginx, new RawRegistry(azure.address(), "azure-user", "azure-pass").getManifest("hagicode", "latest").orElseThrow().digest());
      assertEquals(nginx, new RawRegistry(aliyun.address(), "aliyun-user", "aliyun-pass").getManifest("hagicode/hagicode", "latest").orElseThrow().digest());
      String history = Files.readString(repo.resolve("transfer_history.md"));
      assertEquals(2, history.lines().filter(l -> l.contains("hagicode:latest") && l.contains(nginx)).count(), "a row per destination, with the digest: " + history);
      assertFalse(out.get("log").contains("no destination registry is configured"), "images.yaml names every destination: " + out.get("log"));
    }
  }

  /** The action's mappings input with an auth file: its credentials reach the registries the mappings name. */
  @Test
  void mappingsWithAnAuthFile() throws Exception {
    try (TestRegistry mine = TestRegistry.startWithBasicAuth("my-user", "my-pass")) {
      Files.writeString(repo.resolve("registries-auth.yaml"), mine.address() + ":\n  username: my-user\n  password: my-pass\n");

      Map<String, String> out = action(Map.of("MAPPINGS", source.address() + "/library/nginx=" + mine.address() + "/mirror/nginx",
          "AUTH_FILE", "registries-auth.yaml"), Map.of());

      assertEquals(Map.of("copied", "1", "skipped", "0", "failed", "0", "total", "1", "exit-code", "0"), counts(out), out.toString());
      assertEquals(nginx, new RawRegistry(mine.address(), "my-user", "my-pass").getManifest("mirror/nginx", "latest").orElseThrow().digest());
      assertFalse(out.get("log").contains("no destination registry is configured"), out.get("log"));
    }
  }

  /** A list whose entries need the destination, and none configured: imagesync's line, and the action's notice on where to set it. */
  @Test
  void aListWithoutADestinationGetsTheNoticeOnSecrets() throws Exception {
    Files.writeString(repo.resolve("images.md"), source.address() + "/library/nginx\n");

    Map<String, String> out = action(Map.of(), Map.of());

    assertEquals("2", out.get("exit-code"), out.toString());
    assertTrue(out.get("log").contains("no destination for this entry"), out.get("log"));
    assertTrue(out.get("log").contains("::notice::imagesync: no destination registry is configured. Set the repository secrets ALIYUN_REGISTRY"),
        out.get("log"));
  }

  /** 002, skopeo + images.json: no ALIYUN_REGISTRY secret (the registry was written in the workflow), architectures. */
  @Test
  void skopeoImagesJson() throws Exception {
    try (TestRegistry acr = TestRegistry.startWithBasicAuth("aliyun-user", "aliyun-pass")) {
      Files.writeString(repo.resolve("images.json"), "[\n    {\n        \"source\": \"" + source.address() + "/library/nginx:latest\",\n"
          + "        \"target\": \"nginx\",\n        \"tags\": [\"latest\"],\n        \"architectures\": [\"amd64\", \"arm64\"]\n    }\n]\n");
      Map<String, String> secrets = Map.of("ALIYUN_USERNAME", "aliyun-user", "ALIYUN_PASSWORD", "aliyun-pass", "ALIYUN_NAMESPACE", "ns");

      Map<String, String> out = action(Map.of("DESTINATION", acr.address() + "/ns"), secrets);

      assertEquals("1", out.get("copied"), out.toString());
      RawRegistry dst = new RawRegistry(acr.address(), "aliyun-user", "aliyun-pass");
      String index = new String(dst.getManifest("ns/nginx", "latest").orElseThrow().bytes(), StandardCharsets.UTF_8);
      String sourceIndex = new String(src.getManifest("library/nginx", "latest").orElseThrow().bytes(), StandardCharsets.UTF_8);
      assertTrue(sourceIndex.contains("\"v7\"") && !index.contains("\"v7\""), "arm/v7 left out: " + index);
      assertEquals(2, childDigests(index).size(), "amd64 and arm64 only: " + index);
      for (String child : childDigests(index)) {
        assertTrue(sourceIndex.contains(child), "each platform byte for byte: " + child);
        assertTrue(dst.getManifest("ns/nginx", child).isPresent(), child);
      }
    }
  }

  /** 003, the database workflow's push: an image added by the webhook, pushed to Aliyun (ALIYUN_REGISTRY_USER…) and to MY_REGISTRY. */
  @Test
  void databaseWorkflowsTwoRegistries() throws Exception {
    try (TestRegistry acr = TestRegistry.startWithBasicAuth("aliyun-user", "aliyun-pass");
        TestRegistry mine = TestRegistry.startWithBasicAuth("my-user", "my-pass")) {
      script("keep-image.sh", Map.of(), source.address() + "/library/redis:alpine");
      Map<String, String> secrets = Map.of("ALIYUN_REGISTRY", acr.address(), "ALIYUN_NAME_SPACE", "ns", "ALIYUN_REGISTRY_USER", "aliyun-user",
          "ALIYUN_REGISTRY_PASSWORD", "aliyun-pass", "MY_REGISTRY", mine.address(), "MY_REGISTRY_USER", "my-user", "MY_REGISTRY_PASSWORD", "my-pass");

      Map<String, String> toAliyun = action(Map.of(), secrets);
      Map<String, String> toMine = action(Map.of("DESTINATION", mine.address() + "/mirror"), secrets);

      assertEquals("1", toAliyun.get("copied"), toAliyun.toString());
      assertEquals("1", toMine.get("copied"), toMine.toString());
      assertEquals(redis, new RawRegistry(acr.address(), "aliyun-user", "aliyun-pass").getManifest("ns/redis", "alpine").orElseThrow().digest());
      assertEquals(redis, new RawRegistry(mine.address(), "my-user", "my-pass").getManifest("mirror/redis", "alpine").orElseThrow().digest());
      assertEquals(source.address() + "/library/redis:alpine\n", Files.readString(repo.resolve("images.md")), "the added image stays in the list");
      String history = Files.readString(repo.resolve("transfer_history.md"));
      assertEquals(2, history.lines().filter(l -> l.contains("/redis:alpine") && l.contains(redis)).count(), "one row per destination: " + history);
    }
  }

  /** 004, mapping strings: DOCKER_SYNC_MAPPINGS as a repository variable; the second run skips by digest. */
  @Test
  void mappingStrings() throws Exception {
    try (TestRegistry hub = TestRegistry.start()) {
      String s = source.address();
      Map<String, String> variables = Map.of("DOCKER_SYNC_MAPPINGS", s + "/library/nginx=" + hub.address() + "/myrepo/nginx,"
          + s + "/library/alpine:3.18=" + hub.address() + "/myrepo/alpine:stable");

      Map<String, String> first = action(Map.of(), variables);
      Map<String, String> second = action(Map.of(), variables);

      assertEquals(Map.of("copied", "2", "skipped", "0", "failed", "0", "total", "2", "exit-code", "0"), counts(first), first.toString());
      assertEquals(Map.of("copied", "0", "skipped", "2", "failed", "0", "total", "2", "exit-code", "0"), counts(second), second.toString());
      RawRegistry dst = new RawRegistry(hub);
      assertEquals(nginx, dst.getManifest("myrepo/nginx", "latest").orElseThrow().digest());
      assertEquals(src.getManifest("library/alpine", "3.18").orElseThrow().digest(), dst.getManifest("myrepo/alpine", "stable").orElseThrow().digest());
    }
  }

  @Test
  void withNothingToSyncTheActionSaysSoAndSucceeds() throws Exception {
    Map<String, String> out = action(Map.of(), Map.of());
    assertEquals(Map.of("copied", "0", "skipped", "0", "failed", "0", "total", "0", "exit-code", "0"), counts(out));
  }

  // --- running the action's scripts as its composite steps do

  private Map<String, String> action(Map<String, String> inputs, Map<String, String> secrets) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("LISTS", "", "MAPPINGS", "", "DESTINATION", "", "AUTH_FILE", "", "ARGS", ""));
    env.putAll(inputs);
    env.putAll(secrets);
    Path output = Files.createTempFile(repo.getParent(), "github-output", ".txt");
    env.put("GITHUB_OUTPUT", output.toString());
    env.put("RUNNER_TEMP", repo.getParent().toString());
    String log = script("action-sync.sh", env);
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(output)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    values.put("log", log);
    return values;
  }

  private static Map<String, String> counts(Map<String, String> out) {
    Map<String, String> c = new HashMap<>();
    for (String k : List.of("copied", "skipped", "failed", "total", "exit-code")) {
      if (out.containsKey(k)) {
        c.put(k, out.get(k));
      }
    }
    return c;
  }

  private String script(String name, Map<String, String> env, String... args) throws IOException, InterruptedException {
    return ActionScripts.run(repo, name, env, args);
  }


  private Path gitRepositoryWithOrigin() throws IOException, InterruptedException {
    Path origin = Files.createTempDirectory(repo.getParent(), "origin");
    git(origin, "init", "-q", "--bare", "-b", "main");
    git(repo, "init", "-q", "-b", "main");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "the user's repository");
    git(repo, "remote", "add", "origin", origin.toString());
    git(repo, "push", "-q", "-u", "origin", "main");
    return origin;
  }

  private static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    return out;
  }

  private static List<String> childDigests(String index) {
    List<String> digests = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"").matcher(index);
    while (m.find()) {
      digests.add(m.group(1));
    }
    return digests;
  }
}
