package dev.imagesync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.sync.JobPlanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each format as the existing workflows write it, down to the plan lines it must produce. */
class InputsTest {

  private static final String ACR = "registry.cn-hangzhou.aliyuncs.com";

  @TempDir Path tmp;

  private Path file(String name, String content) throws IOException {
    Path f = tmp.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  private record Planned(List<String> lines, List<String> notices) {}

  private static Planned plan(Inputs.Request request, Naming naming, Map<String, List<String>> tagsByRepo) {
    Inputs.Result inputs = Inputs.read(request, naming);
    JobPlanner.Plan plan = new JobPlanner(repo -> tagsByRepo.getOrDefault(repo.repositoryName(), List.of())).plan(inputs.rules());
    List<String> lines = new ArrayList<>();
    plan.jobs().forEach(j -> j.tags().forEach(t -> lines.add(j.source() + " -> " + j.target(t))));
    List<String> notices = new ArrayList<>(inputs.notices());
    notices.addAll(plan.notices());
    return new Planned(lines, notices);
  }

  private static Inputs.Request files(Path... files) {
    return new Inputs.Request(List.of(files), Optional.empty(), List.of(), List.of(), Map.of());
  }

  private static Naming to(String destination) {
    return new Naming(Optional.of(Destination.find(destination, Map.of()).orElseThrow()), false);
  }

  @Test
  void imagesJsonAsTheSkopeoWorkflowWritesIt() throws IOException {
    Path f = file("images.json", """
        [
            {
                "source": "nginx:latest",
                "target": "nginx",
                "tags": ["latest"],
                "architectures": ["amd64", "arm64"]
            },
            {
                "source": "vllm/vllm-openai:v0.11.0",
                "target": "vllm-openai",
                "tags": ["v0.11.0", "latest"],
                "architectures": ["amd64", "arm64"]
            },
            {
                "source": "ghcr.io/open-webui/open-webui:main",
                "target": "open-webui",
                "tags": ["main", "latest"],
                "architectures": ["amd64", "arm64"]
            }
        ]
        """);
    Planned p = plan(files(f), to(ACR + "/myns"), Map.of());
    assertEquals(List.of(
        "docker.io/library/nginx:latest -> " + ACR + "/myns/nginx:latest",
        "docker.io/vllm/vllm-openai:v0.11.0 -> " + ACR + "/myns/vllm-openai:v0.11.0",
        "docker.io/vllm/vllm-openai:v0.11.0 -> " + ACR + "/myns/vllm-openai:latest",
        "ghcr.io/open-webui/open-webui:main -> " + ACR + "/myns/open-webui:main",
        "ghcr.io/open-webui/open-webui:main -> " + ACR + "/myns/open-webui:latest"), p.lines());
  }

  @Test
  void imagesMdAsUploadImagesMdKeepsIt() throws IOException {
    Path f = file("images.md", "# 待同步镜像列表\nkrytro/aiaw\nnginx:latest\nredis:alpine\n\n<!-- 注释\n  old/image:1 -->\n- `ghcr.io/org/tool:v2`\n```\n* bitnami/kafka:3.7\n```\n");
    Naming naming = new Naming(Destination.find(null, Map.of("ALIYUN_REGISTRY", ACR, "ALIYUN_NAMESPACE", "namespace")), false);
    assertEquals(List.of(
        "docker.io/krytro/aiaw:latest -> " + ACR + "/namespace/aiaw:latest",
        "docker.io/library/nginx:latest -> " + ACR + "/namespace/nginx:latest",
        "docker.io/library/redis:alpine -> " + ACR + "/namespace/redis:alpine",
        "ghcr.io/org/tool:v2 -> " + ACR + "/namespace/tool:v2",
        "docker.io/bitnami/kafka:3.7 -> " + ACR + "/namespace/kafka:3.7"), plan(files(f), naming, Map.of()).lines());
  }

  @Test
  void imageSyncerYamlWithARepeatedKeyReachesBothRegistries() throws IOException {
    Path f = file("images.yaml", "docker.io/newbe36524/hagicode: hagicode.azurecr.io/hagicode\n"
        + "docker.io/newbe36524/hagicode: registry.cn-hangzhou.aliyuncs.com/hagicode/hagicode\n");
    Planned p = plan(files(f), new Naming(Optional.empty(), false), Map.of("docker.io/newbe36524/hagicode", List.of("0.1.0", "latest")));
    assertEquals(List.of(
        "docker.io/newbe36524/hagicode:0.1.0 -> hagicode.azurecr.io/hagicode:0.1.0",
        "docker.io/newbe36524/hagicode:0.1.0 -> " + ACR + "/hagicode/hagicode:0.1.0",
        "docker.io/newbe36524/hagicode:latest -> hagicode.azurecr.io/hagicode:latest",
        "docker.io/newbe36524/hagicode:latest -> " + ACR + "/hagicode/hagicode:latest"), sorted(p.lines()));
    assertEquals(List.of(f + ":2:1: 'docker.io/newbe36524/hagicode' is listed 2 times; it goes to every destination given"
        + " (most YAML tools would keep only the last)"), p.notices());
  }

  private static List<String> sorted(List<String> l) {
    return l.stream().sorted().toList();
  }

  @Test
  void imageSyncerTagSyntaxes() throws IOException {
    Path f = file("images.yaml", """
        quay.io/coreos/kube-rbac-proxy:v1.0,v2.0: quay.io/mirror/kube-rbac-proxy
        quay.io/coreos/etcd:/^v3\\.5\\./: [quay.io/mirror/etcd, registry.local:5000/etcd]
        docker.io/library/busybox:1.36: registry.local:5000/tools/busybox:stable
        xprobe/xinference:newest(1): registry.local:5000/xinference
        "docker.io/library/redis:semver(>=7.0 <7.2),newest(2)": registry.local:5000/redis
        docker.io/library/alpine@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: registry.local:5000/alpine:pinned
        """);
    Planned p = plan(files(f), new Naming(Optional.empty(), false), Map.of(
        "quay.io/coreos/etcd", List.of("v3.4.9", "v3.5.0", "v3.5.10", "latest"),
        "docker.io/xprobe/xinference", List.of("v1.3.0", "v1.4.0", "v1.4.0-rc1", "latest", "nightly-main", "v0.16.3"),
        "docker.io/library/redis", List.of("6.2", "7.0.15", "7.0", "7.1.2", "7.1.3", "7.2.4", "7-alpine", "latest")));
    assertEquals(List.of(
        "quay.io/coreos/kube-rbac-proxy:v1.0 -> quay.io/mirror/kube-rbac-proxy:v1.0",
        "quay.io/coreos/kube-rbac-proxy:v2.0 -> quay.io/mirror/kube-rbac-proxy:v2.0",
        "quay.io/coreos/etcd:v3.5.0 -> quay.io/mirror/etcd:v3.5.0",
        "quay.io/coreos/etcd:v3.5.0 -> registry.local:5000/etcd:v3.5.0",
        "quay.io/coreos/etcd:v3.5.10 -> quay.io/mirror/etcd:v3.5.10",
        "quay.io/coreos/etcd:v3.5.10 -> registry.local:5000/etcd:v3.5.10",
        "docker.io/library/busybox:1.36 -> registry.local:5000/tools/busybox:stable",
        "docker.io/xprobe/xinference:v1.4.0 -> registry.local:5000/xinference:v1.4.0",
        "docker.io/library/redis:7.1.3 -> registry.local:5000/redis:7.1.3",
        "docker.io/library/redis:7.1.2 -> registry.local:5000/redis:7.1.2",
        "docker.io/library/alpine@sha256:" + "a".repeat(64) + " -> registry.local:5000/alpine:pinned"), p.lines());
  }

  @Test
  void imageSyncerJsonSpelling() throws IOException {
    Path f = file("images.json", "{\"quay.io/coreos/kube-rbac-proxy:v1.0\": \"quay.io/mirror/kube-rbac-proxy\"}");
    assertEquals(List.of("quay.io/coreos/kube-rbac-proxy:v1.0 -> quay.io/mirror/kube-rbac-proxy:v1.0"),
        plan(files(f), new Naming(Optional.empty(), false), Map.of()).lines());
  }

  @Test
  void mappingStringsAsTheMappingWorkflowWritesThem() {
    Inputs.Request request = new Inputs.Request(List.of(), Optional.empty(),
        List.of("nginx=myrepo/nginx,alpine:3.18=myrepo/alpine:stable", "ubuntu=myrepo/ubuntu\n  ghcr.io/a/b:1 = registry.local:5000/x/b"), List.of(), Map.of());
    assertEquals(List.of(
        "docker.io/library/nginx:latest -> docker.io/myrepo/nginx:latest",
        "docker.io/library/alpine:3.18 -> docker.io/myrepo/alpine:stable",
        "docker.io/library/ubuntu:latest -> docker.io/myrepo/ubuntu:latest",
        "ghcr.io/a/b:1 -> registry.local:5000/x/b:1"), plan(request, new Naming(Optional.empty(), false), Map.of()).lines());
  }

  @Test
  void mappingsFromTheVariableOnlyWhenNothingElseIsNamed() throws IOException {
    Map<String, String> env = Map.of(Inputs.MAPPINGS_VARIABLE, "nginx=myrepo/nginx");
    Inputs.Request fromEnv = new Inputs.Request(List.of(), Optional.empty(), List.of(), List.of(), env);
    assertEquals(List.of("docker.io/library/nginx:latest -> docker.io/myrepo/nginx:latest"),
        plan(fromEnv, new Naming(Optional.empty(), false), Map.of()).lines());
    Inputs.Request both = new Inputs.Request(List.of(), Optional.empty(), List.of("redis=myrepo/redis"), List.of(), env);
    assertEquals(List.of("docker.io/library/redis:latest -> docker.io/myrepo/redis:latest"),
        plan(both, new Naming(Optional.empty(), false), Map.of()).lines());
  }

  @Test
  void composeServicesWithVariables() throws IOException {
    Path compose = file("docker-compose.yaml", """
        x-shared-env: &shared
          LOG_LEVEL: INFO
        services:
          api:
            image: langgenius/dify-api:${DIFY_VERSION:-1.1.3}
            environment: *shared
          web:
            image: "langgenius/dify-web:1.1.3"
          db:
            image: postgres:15-alpine
          builder:
            build: ./local
          nginx:
            image: nginx:latest
        """);
    Inputs.Request request = new Inputs.Request(List.of(), Optional.empty(), List.of(), List.of(compose), Map.of());
    assertEquals(List.of(
        "docker.io/langgenius/dify-api:1.1.3 -> " + ACR + "/dify/dify-api:1.1.3",
        "docker.io/langgenius/dify-web:1.1.3 -> " + ACR + "/dify/dify-web:1.1.3",
        "docker.io/library/postgres:15-alpine -> " + ACR + "/dify/postgres:15-alpine",
        "docker.io/library/nginx:latest -> " + ACR + "/dify/nginx:latest"), plan(request, to(ACR + "/dify"), Map.of()).lines());
    Inputs.Request pinned = new Inputs.Request(List.of(), Optional.empty(), List.of(), List.of(compose), Map.of("DIFY_VERSION", "1.2.0"));
    assertTrue(plan(pinned, to(ACR + "/dify"), Map.of()).lines().get(0).startsWith("docker.io/langgenius/dify-api:1.2.0 -> "));
  }

  @Test
  void anImageBehindAComposeAliasIsRefusedNeverReadAsTheAliasName() throws IOException {
    Path aliased = file("docker-compose.yaml", """
        x-image: &img nginx:1.25
        services:
          web:
            image: *img
        """);
    InputException e = assertThrows(InputException.class, () -> plan(new Inputs.Request(List.of(), Optional.empty(), List.of(), List.of(aliased), Map.of()),
        to(ACR + "/ns"), Map.of()));
    assertTrue(e.getMessage().endsWith("docker-compose.yaml:4:12: service 'web': 'image' is a YAML alias (*img); imagesync does not expand aliases: write the image out"),
        e.getMessage());
    Path merged = file("compose.yaml", """
        x-common: &common
          image: redis:7
        services:
          cache:
            <<: *common
        """);
    InputException m = assertThrows(InputException.class, () -> plan(new Inputs.Request(List.of(), Optional.empty(), List.of(), List.of(merged), Map.of()),
        to(ACR + "/ns"), Map.of()));
    assertTrue(m.getMessage().contains("service 'cache' takes its settings from a YAML alias"), m.getMessage());
  }

  @Test
  void aComposeProjectsDotEnvFillsInItsVariablesAndTheEnvironmentWins() throws IOException {
    Path compose = file("docker-compose.yaml", """
        services:
          api:
            image: langgenius/dify-api:${DIFY_VERSION}
          web:
            image: ${REGISTRY_PREFIX:-docker.io}/langgenius/dify-web:${WEB_TAG:-1.0}
        """);
    file(".env", """
        # pinned by the project
        DIFY_VERSION=1.4.0
        export WEB_TAG="1.4.1"   
        REGISTRY_PREFIX=ghcr.io # inline comment
        """);
    Inputs.Request request = new Inputs.Request(List.of(), Optional.empty(), List.of(), List.of(compose), Map.of());
    assertEquals(List.of(
        "docker.io/langgenius/dify-api:1.4.0 -> " + ACR + "/dify/dify-api:1.4.0",
        "ghcr.io/langgenius/dify-web:1.4.1 -> " + ACR + "/dify/dify-web:1.4.1"), plan(request, to(ACR + "/dify"), Map.of()).lines());
    Inputs.Request shell = new Inputs.Request(List.of(), Optional.empty(), List.of(), List.of(compose), Map.of("DIFY_VERSION", "1.5.0"));
    assertTrue(plan(shell, to(ACR + "/dify"), Map.of()).lines().get(0).startsWith("docker.io/langgenius/dify-api:1.5.0 -> "),
        "the shell's variable wins over .env");
    file(".env", "DIFY_VERSION=1.4.0\nthis is not a variable\n");
    InputException e = assertThrows(InputException.class, () -> plan(request, to(ACR + "/dify"), Map.of()));
    assertTrue(e.getMessage().endsWith(".env:2: expected KEY=VALUE"), e.getMessage());
  }

  @Test
  void mixedInputsMergeIntoOneList() throws IOException {
    Path json = file("images.json", "[{\"source\": \"nginx:1.25\"}]");
    Path md = file("images.md", "- redis:7\n");
    Inputs.Request request = new Inputs.Request(List.of(json, md), Optional.empty(), List.of("alpine:3.18=registry.local:5000/base/alpine"), List.of(), Map.of());
    assertEquals(List.of(
        "docker.io/library/nginx:1.25 -> " + ACR + "/ns/nginx:1.25",
        "docker.io/library/redis:7 -> " + ACR + "/ns/redis:7",
        "docker.io/library/alpine:3.18 -> registry.local:5000/base/alpine:3.18"), plan(request, to(ACR + "/ns"), Map.of()).lines());
  }

  @Test
  void keepPathAndTagSelectionInImagesJson() throws IOException {
    Path f = file("images.json", """
        [{"source": "xprobe/xinference", "newest": 2},
         {"source": "bitnami/redis", "semver": "^7.2"},
         {"source": "org/app", "tagPattern": "^release-", "target": "app"},
         {"source": "org/all", "allTags": true}]
        """);
    Naming keep = new Naming(Destination.find("registry.local:5000/mirror", Map.of()), true);
    Planned p = plan(files(f), keep, Map.of(
        "docker.io/xprobe/xinference", List.of("v1.3.0", "v1.4.0", "v1.4.1", "latest"),
        "docker.io/bitnami/redis", List.of("7.1.0", "7.2.4", "7.2.5", "7.4.0", "7.2.4-debian"),
        "docker.io/org/app", List.of("release-1", "dev", "release-2"),
        "docker.io/org/all", List.of("a", "b")));
    assertEquals(List.of(
        "docker.io/xprobe/xinference:v1.4.1 -> registry.local:5000/mirror/xprobe/xinference:v1.4.1",
        "docker.io/xprobe/xinference:v1.4.0 -> registry.local:5000/mirror/xprobe/xinference:v1.4.0",
        "docker.io/bitnami/redis:7.4.0 -> registry.local:5000/mirror/bitnami/redis:7.4.0",
        "docker.io/bitnami/redis:7.2.5 -> registry.local:5000/mirror/bitnami/redis:7.2.5",
        "docker.io/bitnami/redis:7.2.4 -> registry.local:5000/mirror/bitnami/redis:7.2.4",
        "docker.io/org/app:release-1 -> registry.local:5000/mirror/app:release-1",
        "docker.io/org/app:release-2 -> registry.local:5000/mirror/app:release-2",
        "docker.io/org/all:a -> registry.local:5000/mirror/org/all:a",
        "docker.io/org/all:b -> registry.local:5000/mirror/org/all:b"), p.lines(), "semver selections newest first; ^7.2 keeps major 7");
  }

  @Test
  void referrersPerEntryReachTheJobsAndANonBooleanIsRefused() throws IOException {
    Path f = file("images.json", """
        [{"source": "org/signed:1", "referrers": true},
         {"source": "org/all", "allTags": true, "referrers": true},
         {"source": "org/plain:1"}]
        """);
    Inputs.Result inputs = Inputs.read(files(f), to(ACR + "/ns"));
    JobPlanner.Plan plan = new JobPlanner(repo -> List.of("a", "b")).plan(inputs.rules());
    assertEquals(List.of(true, true, true, false), plan.jobs().stream().map(dev.imagesync.config.SyncJob::referrers).toList());

    Path bad = file("bad.json", "[{\"source\": \"org/app:1\",\n  \"referrers\": \"yes\"}]");
    InputException e = assertThrows(InputException.class, () -> Inputs.read(files(bad), to(ACR + "/ns")));
    assertTrue(e.getMessage().contains("bad.json:2") && e.getMessage().contains("'referrers'"), e.getMessage());
  }

  @Test
  void invalidDestinationNamesAreRepairedWithANotice() throws IOException {
    Path f = file("images.json", "[{\"source\": \"nginx:1.25\", \"target\": \"My_Nginx!!Web\"}]");
    Planned p = plan(files(f), to(ACR + "/ns"), Map.of());
    assertEquals(List.of("docker.io/library/nginx:1.25 -> " + ACR + "/ns/my_nginx-web:1.25"), p.lines());
    assertEquals(List.of(f + ":1:37: destination name 'My_Nginx!!Web' repaired to 'my_nginx-web'"), p.notices());
    Inputs.Request mapping = new Inputs.Request(List.of(), Optional.empty(), List.of("nginx=MyRepo/Nginx:stable"), List.of(), Map.of());
    Planned m = plan(mapping, new Naming(Optional.empty(), false), Map.of());
    assertEquals(List.of("docker.io/library/nginx:latest -> docker.io/myrepo/nginx:stable"), m.lines());
    assertEquals(1, m.notices().size());
  }

  @Test
  void twoSourcesOnOneDestinationTagNameBothLines() throws IOException {
    Path json = file("images.json", "[\n{\"source\": \"nginx:1.25\", \"target\": \"web\", \"tags\": [\"latest\"]}\n]");
    Path md = file("more.md", "# more\nweb:latest\n");
    InputException e = assertThrows(InputException.class, () -> plan(files(json, md), to(ACR + "/ns"), Map.of()));
    assertEquals(md + ":2: docker.io/library/web:latest and docker.io/library/nginx:1.25 (" + json + ":2) both go to "
        + ACR + "/ns/web:latest", e.getMessage());
  }

  @Test
  void theSameSourceListedTwiceIsCopiedOnce() throws IOException {
    Path f = file("images.json", "[{\"source\": \"nginx:1.25\", \"tags\": [\"1.25\", \"latest\"]}, {\"source\": \"nginx:1.25\", \"tags\": [\"latest\", \"stable\"]}]");
    assertEquals(List.of(
        "docker.io/library/nginx:1.25 -> " + ACR + "/ns/nginx:1.25",
        "docker.io/library/nginx:1.25 -> " + ACR + "/ns/nginx:latest",
        "docker.io/library/nginx:1.25 -> " + ACR + "/ns/nginx:stable"), plan(files(f), to(ACR + "/ns"), Map.of()).lines());
  }

  @Test
  void destinationFromFlagOrEnvironment() {
    assertEquals("127.0.0.1:5002/ns", Destination.find("127.0.0.1:5002/ns/", Map.of()).orElseThrow().toString());
    assertEquals(ACR + "/team", Destination.find(null, Map.of("ALIYUN_REGISTRY", ACR, "ALIYUN_NAMESPACE", "team")).orElseThrow().toString());
    assertEquals(ACR + "/team", Destination.find(null, Map.of("ALIYUN_REGISTRY", ACR, "ALIYUN_NAME_SPACE", "team")).orElseThrow().toString());
    assertEquals("ghcr.io", Destination.find(null, Map.of("ALIYUN_REGISTRY", "ghcr.io")).orElseThrow().toString());
    assertTrue(Destination.find(null, Map.of()).isEmpty());
  }
}
