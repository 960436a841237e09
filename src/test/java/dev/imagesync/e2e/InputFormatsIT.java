package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.Skopeo;
import dev.imagesync.testing.StubHttpServer;
import dev.imagesync.testing.StubHttpServer.Reply;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The other input forms, against real registries: tag listing, markdown, compose, mappings, copy, dry runs. */
@ExtendWith(RegistryExtension.class)
class InputFormatsIT {

  @TempDir Path tmp;

  private Path file(String name, String content) throws IOException {
    Path f = tmp.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  /** Every tag is listed and planned; newest and pattern selections pick from all of them. */
  @Test
  void tagSelectionsFromTheSourceTagList(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    Pushed image = new TestImages(src).single("xprobe/xinference", "seed", "linux/amd64", "x", true);
    for (int i = 0; i < 150; i++) {
      src.pushManifest("xprobe/xinference", "v1." + i + ".0", image.mediaType(), image.bytes());
    }
    String dst = dstRegistry.address();
    Path yaml = file("images.yaml", src.address() + "/xprobe/xinference: " + dst + "/mirror/xinference\n");

    Cli.Run all = Cli.run("plan", yaml.toString());
    assertEquals(0, all.exitCode(), all.toString());
    assertEquals(151, all.lines().size(), "150 version tags and 'seed'");
    assertTrue(all.lines().contains(src.address() + "/xprobe/xinference:v1.149.0 -> " + dst + "/mirror/xinference:v1.149.0"));

    Path json = file("images.json", "[{\"source\": \"" + src.address() + "/xprobe/xinference\", \"newest\": 2, \"target\": \"xinference\"},"
        + "{\"source\": \"" + src.address() + "/xprobe/xinference\", \"tagPattern\": \"^v1\\\\.14[0-2]\\\\.\", \"target\": \"x14\"}]");
    Cli.Run newest = Cli.run("plan", json.toString(), "--to", dst + "/ns");
    assertEquals(List.of(
        src.address() + "/xprobe/xinference:v1.149.0 -> " + dst + "/ns/xinference:v1.149.0",
        src.address() + "/xprobe/xinference:v1.148.0 -> " + dst + "/ns/xinference:v1.148.0",
        src.address() + "/xprobe/xinference:v1.140.0 -> " + dst + "/ns/x14:v1.140.0",
        src.address() + "/xprobe/xinference:v1.141.0 -> " + dst + "/ns/x14:v1.141.0",
        src.address() + "/xprobe/xinference:v1.142.0 -> " + dst + "/ns/x14:v1.142.0"), newest.lines());
    Cli.Run asJson = Cli.run("plan", json.toString(), "--to", dst + "/ns", "-o", "json");
    assertEquals(0, asJson.exitCode(), asJson.toString());
    com.fasterxml.jackson.databind.JsonNode rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(asJson.stdout());
    assertEquals(5, rows.size(), asJson.stdout());
    assertEquals(dst + "/ns/xinference:v1.149.0", rows.get(0).path("destination").asText());
    assertEquals(src.address() + "/xprobe/xinference:v1.149.0", rows.get(0).path("source").asText());

    Cli.Run sync = Cli.run("sync", json.toString(), "--to", dst + "/ns");
    assertEquals(0, sync.exitCode(), sync.toString());
    assertEquals(5, sync.linesStartingWith("copied").size(), sync.toString());
    assertArrayEquals(image.bytes(), Skopeo.inspectRaw(dst + "/ns/xinference:v1.149.0"));
  }

  /**
   * Registries that paginate tag lists (Docker Hub, GHCR, distribution 3) answer with a Link
   * header; distribution 2.8 here does not paginate tags at all, so a stub serves the pages.
   */
  @Test
  void tagListPagesAreFollowed() throws IOException {
    List<String> requested = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (StubHttpServer registry = new StubHttpServer((method, path) -> {
      requested.add(path);
      if (path.equals("/v2/org/many/tags/list?n=100")) {
        return new Reply(200, Map.of("Content-Type", "application/json", "Link", "</v2/org/many/tags/list?last=v1.99.0&n=100>; rel=\"next\""),
            tagsJson(0, 100));
      }
      if (path.equals("/v2/org/many/tags/list?last=v1.99.0&n=100")) {
        return new Reply(200, Map.of("Content-Type", "application/json"), tagsJson(100, 130));
      }
      return Reply.of(path.equals("/v2/") ? 200 : 404);
    })) {
      Path yaml = file("images.yaml", registry.address() + "/org/many:newest(2): 127.0.0.1:1/mirror/many\n");
      Cli.Run plan = Cli.run("plan", yaml.toString());
      assertEquals(0, plan.exitCode(), plan.toString());
      assertEquals(List.of(
          registry.address() + "/org/many:v1.129.0 -> 127.0.0.1:1/mirror/many:v1.129.0",
          registry.address() + "/org/many:v1.128.0 -> 127.0.0.1:1/mirror/many:v1.128.0"), plan.lines());
      assertEquals(2, requested.stream().filter(p -> p.contains("/tags/list")).count(), requested.toString());
    }
  }

  private static byte[] tagsJson(int from, int to) {
    String tags = IntStream.range(from, to).mapToObj(i -> "\"v1." + i + ".0\"").collect(java.util.stream.Collectors.joining(","));
    return ("{\"name\": \"org/many\", \"tags\": [" + tags + "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void markdownComposeAndMappingVariableInOneRun(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    TestImages images = new TestImages(src);
    Pushed web = images.multiArch("langgenius/dify-web", "1.1.3", true, "web", 1, 2000, "linux/amd64", "linux/arm64");
    Pushed api = images.single("langgenius/dify-api", "1.1.3", "linux/amd64", "api", true);
    Pushed redis = images.single("library/redis", "latest", "linux/amd64", "redis", false);
    Pushed tool = images.single("krytro/aiaw", "latest", "linux/amd64", "aiaw", true);
    String s = src.address();
    String dst = dstRegistry.address();
    Path md = file("images.md", "# 待同步镜像列表\n" + s + "/krytro/aiaw\n- `" + s + "/library/redis`\n");
    Path compose = file("docker-compose.yaml", "services:\n  web:\n    image: " + s + "/langgenius/dify-web:${WEB_TAG:-1.1.3}\n"
        + "  api:\n    image: " + s + "/langgenius/dify-api:1.1.3\n  worker:\n    build: .\n");

    Cli.Run run = Cli.run(List.of(), Map.of("ALIYUN_REGISTRY", dst, "ALIYUN_NAMESPACE", "dify"),
        "sync", md.toString(), "--compose", compose.toString(), "--mapping", s + "/library/redis=" + dst + "/cache/redis:stable");

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(5, run.linesStartingWith("copied").size(), run.toString());
    assertArrayEquals(tool.bytes(), Skopeo.inspectRaw(dst + "/dify/aiaw:latest"));
    assertArrayEquals(redis.bytes(), Skopeo.inspectRaw(dst + "/dify/redis:latest"));
    assertArrayEquals(web.bytes(), Skopeo.inspectRaw(dst + "/dify/dify-web:1.1.3"));
    assertArrayEquals(api.bytes(), Skopeo.inspectRaw(dst + "/dify/dify-api:1.1.3"));
    assertArrayEquals(redis.bytes(), Skopeo.inspectRaw(dst + "/cache/redis:stable"));

    Cli.Run fromVariable = Cli.run(List.of(), Map.of("DOCKER_SYNC_MAPPINGS", s + "/krytro/aiaw=" + dst + "/other/aiaw:v1"), "sync");
    assertEquals(0, fromVariable.exitCode(), fromVariable.toString());
    assertArrayEquals(tool.bytes(), Skopeo.inspectRaw(dst + "/other/aiaw:v1"));
  }

  @Test
  void copyOneImageAndDryRuns(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    Pushed index = new TestImages(src).multiArch("org/app", "2.0", true, "copy", 1, 3000, "linux/amd64", "linux/arm64");
    String from = src.address() + "/org/app:2.0";
    String to = dstRegistry.address() + "/team/app";
    int before = dstRegistry.requests().size();

    Cli.Run dry = Cli.run("copy", from, to, "--dry-run");
    assertEquals(0, dry.exitCode(), dry.toString());
    assertEquals(List.of("would-copy " + from + " -> " + to + ":2.0 " + index.digest()), dry.lines());
    assertTrue(dstRegistry.requests().subList(before, dstRegistry.requests().size()).stream()
            .allMatch(r -> r.method().equals("HEAD") || (r.method().equals("GET") && r.path().equals("/v2/"))),
        "a dry run only looks (HEADs, and the version check every client sends first)");

    Cli.Run copy = Cli.run("copy", from, to);
    assertEquals(0, copy.exitCode(), copy.toString());
    assertArrayEquals(index.bytes(), Skopeo.inspectRaw(to + ":2.0"));

    Path md = file("images.md", from + "\n");
    Cli.Run again = Cli.run("sync", md.toString(), "--to", dstRegistry.address() + "/team", "--dry-run");
    assertEquals(List.of("skipped " + from + " -> " + to + ":2.0 " + index.digest()), again.lines());
  }

  @Test
  void aListOnStandardInput(TestRegistry sourceRegistry, TestRegistry destinationRegistry) {
    RawRegistry src = new RawRegistry(sourceRegistry);
    TestImages.Pushed image = new TestImages(src).single("std/in", "1", "linux/amd64", "stdin", true);
    Cli.Run markdown = Cli.runWithInput("# piped\n" + src.address() + "/std/in:1\n", Map.of(),
        "sync", "-", "--to", destinationRegistry.address() + "/md", "--no-history");
    assertEquals(0, markdown.exitCode(), markdown.toString());
    Cli.Run json = Cli.runWithInput("[{\"source\": \"" + src.address() + "/std/in:1\", \"target\": \"fromjson\"}]", Map.of(),
        "sync", "-", "--to", destinationRegistry.address() + "/json", "--no-history");
    assertEquals(0, json.exitCode(), json.toString());
    Cli.Run yaml = Cli.runWithInput(src.address() + "/std/in:1: " + destinationRegistry.address() + "/yaml/in\n", Map.of(),
        "sync", "-", "--format", "yaml", "--no-history");
    assertEquals(0, yaml.exitCode(), yaml.toString());
    RawRegistry dst = new RawRegistry(destinationRegistry);
    for (String repo : List.of("md/in", "json/fromjson", "yaml/in")) {
      assertEquals(image.digest(), dst.getManifest(repo, "1").orElseThrow(() -> new AssertionError(repo + " missing")).digest());
    }
  }

  @Test
  void aComposeFileWithItsDotEnvAsTheDifyWatcherHasIt() throws IOException {
    Path project = Files.createTempDirectory("dify-docker");
    Path compose = project.resolve("docker-compose.yaml");
    Files.writeString(compose, "services:\n  api:\n    image: langgenius/dify-api:${DIFY_VERSION:-latest}\n"
        + "  sandbox:\n    image: langgenius/dify-sandbox:${SANDBOX_VERSION}\n");
    Files.writeString(project.resolve(".env"), "DIFY_VERSION=1.4.0\nSANDBOX_VERSION=0.2.12\n");

    Cli.Run run = Cli.run(List.of(), Map.of(), "plan", "--compose", compose.toString(), "--to", "registry.cn-hangzhou.aliyuncs.com/dify");

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(List.of(
        "docker.io/langgenius/dify-api:1.4.0 -> registry.cn-hangzhou.aliyuncs.com/dify/dify-api:1.4.0",
        "docker.io/langgenius/dify-sandbox:0.2.12 -> registry.cn-hangzhou.aliyuncs.com/dify/dify-sandbox:0.2.12"), run.lines());
  }

  @Test
  void aComposeFileByUrl() throws IOException {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    byte[] compose = "services:\n  api:\n    image: langgenius/dify-api:1.4.0\n  db:\n    image: postgres:15-alpine\n"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      boolean found = exchange.getRequestURI().getPath().equals("/langgenius/dify/main/docker/docker-compose.yaml");
      exchange.sendResponseHeaders(found ? 200 : 404, found ? compose.length : -1);
      if (found) {
        exchange.getResponseBody().write(compose);
      }
      exchange.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Cli.Run run = Cli.run(List.of(), Map.of(), "plan", "--compose", base + "/langgenius/dify/main/docker/docker-compose.yaml?token=abc",
          "--to", "registry.cn-hangzhou.aliyuncs.com/dify");
      assertEquals(0, run.exitCode(), run.toString());
      assertEquals(List.of(
          "docker.io/langgenius/dify-api:1.4.0 -> registry.cn-hangzhou.aliyuncs.com/dify/dify-api:1.4.0",
          "docker.io/library/postgres:15-alpine -> registry.cn-hangzhou.aliyuncs.com/dify/postgres:15-alpine"), run.lines());

      Cli.Run missing = Cli.run(List.of(), Map.of(), "plan", "--compose", base + "/nope.yaml?token=abc", "--to", "r.example/ns");
      assertEquals(2, missing.exitCode(), missing.toString());
      assertEquals("imagesync: " + base + "/nope.yaml: cannot fetch it (HTTP 404)", missing.stderr().strip());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void copyIsAOneEntrySyncWithTheAliyunDestinationRecordsAndReport(TestRegistry sourceRegistry, TestRegistry destinationRegistry)
      throws IOException {
    RawRegistry src = new RawRegistry(sourceRegistry);
    TestImages.Pushed image = new TestImages(src).single("org/tool", "3.1", "linux/amd64", "copy-as-sync", true);
    Path cwd = Files.createTempDirectory("copy-cwd");
    Path report = cwd.resolve("report.json");

    Cli.Run run = Cli.runIn(cwd, List.of(), Map.of("ALIYUN_REGISTRY", destinationRegistry.address(), "ALIYUN_NAMESPACE", "team"),
        "copy", src.address() + "/org/tool:3.1", "--report", report.toString());

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(image.digest(), new RawRegistry(destinationRegistry).getManifest("team/tool", "3.1").orElseThrow().digest());
    assertTrue(run.stdout().startsWith("copied  " + src.address() + "/org/tool:3.1 -> " + destinationRegistry.address() + "/team/tool:3.1"),
        run.stdout());
    assertTrue(Files.readString(cwd.resolve("transfer_history.md")).contains(destinationRegistry.address() + "/team/tool:3.1"));
    assertTrue(Files.readString(cwd.resolve("image_list.md")).contains(destinationRegistry.address() + "/team/tool:3.1"));
    assertTrue(Files.readString(report).contains("\"copied\" : 1") || Files.readString(report).contains("\"copied\":1"),
        Files.readString(report));

    Cli.Run nowhere = Cli.run(List.of(), Map.of(), "copy", src.address() + "/org/tool:3.1");
    assertEquals(2, nowhere.exitCode(), nowhere.toString());
    assertEquals("imagesync: DESTINATION: missing; give one (registry.cn-hangzhou.aliyuncs.com/ns/nginx) or set ALIYUN_REGISTRY and ALIYUN_NAMESPACE",
        nowhere.stderr().strip());
  }
}
