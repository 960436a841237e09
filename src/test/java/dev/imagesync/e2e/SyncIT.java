package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagesync.testing.Cli;
import dev.imagesync.testing.Contents;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.Skopeo;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestRegistry;
import dev.imagesync.testing.TestRegistry.LoggedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar imagesync.jar sync images.json --to ...} between two real registries, each copy
 * proved by skopeo and by walking every manifest and blob on the destination.
 */
@ExtendWith(RegistryExtension.class)
class SyncIT {

  @TempDir Path tmp;

  private Path list(String json) throws IOException {
    Path file = tmp.resolve("images.json");
    Files.writeString(file, json);
    return file;
  }

  private static String digestOf(byte[] bytes) {
    return RawRegistry.sha256(bytes);
  }

  /** --output json: stdout is one JSON object per destination tag (jq reads it line by line), the summary stays on stderr. */
  @Test
  void outputJsonIsOneObjectPerDestinationTag(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    Pushed app = new TestImages(src).single("json/app", "1", "linux/amd64", "json", true);
    Path file = list("[{\"source\": \"" + src.address() + "/json/app:1\", \"tags\": [\"1\", \"latest\"]},"
        + " {\"source\": \"" + src.address() + "/json/missing:1\"}]");

    Cli.Run first = Cli.run("sync", file.toString(), "--to", dst.address() + "/ns", "--output", "json");
    Cli.Run second = Cli.run("sync", file.toString(), "--to", dst.address() + "/ns", "-o", "json");

    assertEquals(1, first.exitCode(), first.toString());
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : first.stdout().lines().toList()) {
      lines.add(json.readTree(line)); // every line of stdout is JSON
    }
    assertEquals(3, lines.size(), first.stdout());
    JsonNode copied = lines.stream().filter(l -> l.path("target").asText().endsWith("/ns/app:latest")).findFirst().orElseThrow();
    assertEquals("copied", copied.path("status").asText());
    assertEquals(src.address() + "/json/app:1", copied.path("source").asText());
    assertEquals(app.digest(), copied.path("digest").asText());
    assertTrue(copied.path("reason").isNull() && copied.path("note").isNull(), copied.toString());
    JsonNode failed = lines.stream().filter(l -> l.path("status").asText().equals("failed")).findFirst().orElseThrow();
    assertTrue(failed.path("target").asText().endsWith("/ns/missing:1") && failed.path("reason").asText().contains("not found"), failed.toString());
    assertTrue(first.stderr().contains("2 copied, 0 skipped, 1 failed"), first.stderr());
    assertEquals(List.of("skipped", "skipped", "failed"), second.stdout().lines().map(l -> {
      try {
        return json.readTree(l).path("status").asText();
      } catch (IOException e) {
        throw new AssertionError(l, e);
      }
    }).sorted(java.util.Comparator.comparing((String st) -> st.equals("failed"))).toList());

    Cli.Run bad = Cli.run("sync", file.toString(), "--to", dst.address() + "/ns", "--output", "yaml");
    assertEquals(2, bad.exitCode(), bad.toString());
    assertTrue(bad.stderr().contains("--output: 'yaml' is neither text nor json"), bad.stderr());
  }

  /** A multi-arch OCI index with variants, annotations and attestations: every digest unchanged. */
  @Test
  void ociIndexWithAttestationsIsCopiedByteForByte(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    Pushed amd64 = images.image("lib/app", "linux/amd64", 3, 20_000, "oci", true);
    Pushed arm64 = images.image("lib/app", "linux/arm64/v8", 3, 20_000, "oci", true);
    Pushed armv7 = images.image("lib/app", "linux/arm/v7", 2, 20_000, "oci", true);
    Pushed att = images.attestation("lib/app", amd64, "oci");
    Pushed index = images.index("lib/app", "1.0", true, List.of(amd64, arm64, armv7, att));

    Cli.Run run = Cli.run("sync", list("[{\"source\": \"" + src.address() + "/lib/app:1.0\", \"target\": \"app\"}]").toString(),
        "--to", dst.address() + "/mirror");

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(List.of("copied  " + src.address() + "/lib/app:1.0 -> " + dst.address() + "/mirror/app:1.0 " + index.digest()), run.lines());
    byte[] served = Skopeo.inspectRaw(dst.address() + "/mirror/app:1.0");
    assertArrayEquals(index.bytes(), served, "index bytes changed");
    int checked = Contents.assertSameTree(src, "lib/app", dst, "mirror/app", index.digest());
    assertEquals(1 + 4 + (4 + 4 + 3) + 2, checked, "index, 4 manifests, 11 image blobs, 2 attestation blobs");
    Skopeo.copyAllToDirectory(dst.address() + "/mirror/app:1.0", tmp.resolve("verify"));
  }

  @Test
  void dockerManifestListIsCopiedByteForByte(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    Pushed list = new TestImages(src).multiArch("vllm/vllm-openai", "v0.11.0", false, "docker", 2, 30_000,
        "linux/amd64", "linux/arm64/v8", "linux/ppc64le");

    Cli.Run run = Cli.run("sync", list("[{\"source\": \"" + src.address() + "/vllm/vllm-openai:v0.11.0\"}]").toString(),
        "--to", dst.address() + "/ns");

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(1, run.linesStartingWith("copied").size(), run.toString());
    assertArrayEquals(list.bytes(), Skopeo.inspectRaw(dst.address() + "/ns/vllm-openai:v0.11.0"));
    assertEquals(TestImages.DOCKER_LIST, dst.getManifest("ns/vllm-openai", "v0.11.0").orElseThrow().contentType());
    Contents.assertSameTree(src, "vllm/vllm-openai", dst, "ns/vllm-openai", list.digest());
  }

  @Test
  void singlePlatformImageIsCopiedByteForByte(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    Pushed image = new TestImages(src).single("tools/curl", "8.5", "linux/amd64", "single", false);

    Cli.Run run = Cli.run("sync", list("[{\"source\": \"" + src.address() + "/tools/curl:8.5\", \"target\": \"curl\","
        + " \"architectures\": [\"amd64\"]}]").toString(), "--to", dst.address() + "/ns");

    assertEquals(0, run.exitCode(), run.toString());
    assertArrayEquals(image.bytes(), Skopeo.inspectRaw(dst.address() + "/ns/curl:8.5"));
    assertEquals(4, Contents.assertSameTree(src, "tools/curl", dst, "ns/curl", image.digest()), "manifest, config, 2 layers");
  }

  /** The second run sends HEAD requests only, to both sides, and uploads nothing. */
  @Test
  void secondRunSkipsEveryTagWithHeadRequestsOnly(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    images.multiArch("a/one", "v1", true, "one", 2, 10_000, "linux/amd64", "linux/arm64");
    images.multiArch("a/two", "v2", false, "two", 2, 10_000, "linux/amd64", "linux/arm64");
    Path file = list("[{\"source\": \"" + src.address() + "/a/one:v1\", \"tags\": [\"v1\", \"latest\"]},"
        + " {\"source\": \"" + src.address() + "/a/two:v2\", \"architectures\": [\"amd64\"]}]");

    Cli.Run first = Cli.run("sync", file.toString(), "--to", dst.address() + "/ns");
    assertEquals(0, first.exitCode(), first.toString());
    assertEquals(3, first.linesStartingWith("copied").size(), first.toString());
    int srcBefore = srcRegistry.requests().size();
    int dstBefore = dstRegistry.requests().size();

    Cli.Run second = Cli.run("sync", file.toString(), "--to", dst.address() + "/ns");

    assertEquals(0, second.exitCode(), second.toString());
    assertEquals(3, second.linesStartingWith("skipped").size(), second.toString());
    // Besides the one version check (GET /v2/) per registry that every client sends first.
    java.util.function.Predicate<LoggedRequest> versionCheck = r -> r.method().equals("GET") && r.path().equals("/v2/");
    List<LoggedRequest> dstAll = dstRegistry.requests().subList(dstBefore, dstRegistry.requests().size());
    List<LoggedRequest> srcAll = srcRegistry.requests().subList(srcBefore, srcRegistry.requests().size());
    assertTrue(dstAll.stream().filter(versionCheck).count() <= 1 && srcAll.stream().filter(versionCheck).count() <= 1, dstAll + " " + srcAll);
    List<LoggedRequest> dstRequests = dstAll.stream().filter(versionCheck.negate()).toList();
    List<LoggedRequest> srcRequests = srcAll.stream().filter(versionCheck.negate()).toList();
    assertEquals(3, dstRequests.size(), "one HEAD per destination tag: " + dstRequests);
    assertTrue(dstRequests.stream().allMatch(r -> r.method().equals("HEAD")), dstRequests.toString());
    // The subset entry needs the source index to know its derived digest; everything else is HEAD.
    assertTrue(srcRequests.stream().allMatch(r -> r.method().equals("HEAD") || r.path().endsWith("/manifests/" + digestOfTag(src, "a/two", "v2"))),
        srcRequests.toString());
    assertTrue(second.stderr().contains("0 uploaded"), second.stderr());
  }

  private static String digestOfTag(RawRegistry registry, String repo, String tag) {
    return registry.getManifest(repo, tag).orElseThrow().digest();
  }

  /** Several destination tags: content copied once, then one manifest PUT per tag. */
  @Test
  void severalTargetTagsCopyContentOnce(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    Pushed index = new TestImages(src).multiArch("library/ubuntu", "22.04", true, "ubuntu", 2, 10_000, "linux/amd64", "linux/arm64");

    Cli.Run run = Cli.run("sync", list("[{\"source\": \"" + src.address() + "/library/ubuntu:22.04\", \"target\": \"ubuntu\","
        + " \"tags\": [\"22.04\", \"jammy\", \"latest\"]}]").toString(), "--to", dst.address() + "/ns");

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(3, run.linesStartingWith("copied").size(), run.toString());
    for (String tag : List.of("22.04", "jammy", "latest")) {
      assertArrayEquals(index.bytes(), Skopeo.inspectRaw(dst.address() + "/ns/ubuntu:" + tag), tag);
      assertTrue(run.stdout().contains("/ns/ubuntu:" + tag + " " + index.digest()), run.stdout());
    }
    assertEquals(6, dstRegistry.blobUploadsStarted(), "2 platforms x (config + 2 layers), each uploaded once");
    assertEquals(2 + 3, dstRegistry.count("PUT", "/manifests/"), "2 children by digest, then one PUT per tag");
  }

  /** Jobs running at the same time that need the same blob in one repository transfer it once. */
  @Test
  void parallelJobsUploadASharedBlobOnce(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    Pushed image = new TestImages(src).image("team/base", "linux/amd64", 3, 200_000, "shared", true);
    StringBuilder entries = new StringBuilder("[");
    for (int i = 1; i <= 6; i++) {
      src.pushManifest("team/base", "v" + i, image.mediaType(), image.bytes());
      entries.append(i == 1 ? "" : ",").append("{\"source\": \"").append(src.address()).append("/team/base:v").append(i).append("\"}");
    }
    Cli.Run run = Cli.run("sync", list(entries.append("]").toString()).toString(), "--to", dstRegistry.address() + "/ns", "--jobs", "6");

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(6, run.linesStartingWith("copied").size(), run.toString());
    assertEquals(4, dstRegistry.blobUploadsStarted(), "config and 3 layers, each uploaded once for six jobs");
    assertTrue(run.stderr().contains("4 uploaded"), run.stderr());
  }

  /**
   * An architectures filter with allTags over a repository that also holds artifacts (a Helm chart,
   * a cosign-style signature whose config names no platform): the artifacts are copied as they
   * are, with a note, instead of failing as "single-platform /".
   */
  @Test
  void artifactsPassAnArchitecturesFilterUnchanged(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    new TestImages(src).single("art/app", "1.0", "linux/amd64", "art", true);
    byte[] chartConfigBytes = "{\"name\":\"app\",\"version\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
    byte[] chartLayerBytes = "helm chart tgz".getBytes(StandardCharsets.UTF_8);
    String chartConfig = src.pushBlob("art/app", chartConfigBytes);
    String chartLayer = src.pushBlob("art/app", chartLayerBytes);
    byte[] chart = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
        + "\"application/vnd.cncf.helm.config.v1+json\",\"digest\":\"" + chartConfig + "\",\"size\":" + chartConfigBytes.length + "},\"layers\":[{\"mediaType\":"
        + "\"application/vnd.cncf.helm.chart.content.v1.tar+gzip\",\"digest\":\"" + chartLayer + "\",\"size\":" + chartLayerBytes.length + "}]}").getBytes(StandardCharsets.UTF_8);
    src.pushManifest("art/app", "chart-1.0.0", "application/vnd.oci.image.manifest.v1+json", chart);
    byte[] sigConfigBytes = "{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8);
    String sigConfig = src.pushBlob("art/app", sigConfigBytes);
    byte[] sigLayerBytes = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);
    String sigLayer = src.pushBlob("art/app", sigLayerBytes);
    byte[] sig = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + sigConfig + "\",\"size\":" + sigConfigBytes.length + "},\"layers\":[{\"mediaType\":"
        + "\"application/vnd.dev.cosign.simplesigning.v1+json\",\"digest\":\"" + sigLayer + "\",\"size\":" + sigLayerBytes.length + "}]}").getBytes(StandardCharsets.UTF_8);
    src.pushManifest("art/app", "sha256-0123.sig", "application/vnd.oci.image.manifest.v1+json", sig);

    Cli.Run run = Cli.run("sync", list("[{\"source\": \"" + src.address() + "/art/app\", \"allTags\": true, \"architectures\": [\"amd64\"]}]").toString(),
        "--to", dst.address() + "/ns");

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(3, run.linesStartingWith("copied").size(), run.stdout());
    assertArrayEquals(chart, dst.getManifest("ns/app", "chart-1.0.0").orElseThrow().bytes());
    assertArrayEquals(sig, dst.getManifest("ns/app", "sha256-0123.sig").orElseThrow().bytes());
    assertTrue(run.stdout().contains("not an image for a platform (an artifact): copied as it is"), run.stdout());
  }

  /** An index that nests another: its platforms are found inside, and a subset is written flat. */
  @Test
  void aPlatformInsideANestedIndexIsFoundAndTheSubsetIsFlat(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    TestImages.Pushed amd = images.image("nest/app", "linux/amd64", 1, 2000, "nest", true);
    TestImages.Pushed arm = images.image("nest/app", "linux/arm64", 1, 2000, "nest", true);
    TestImages.Pushed v7 = images.image("nest/app", "linux/arm/v7", 1, 2000, "nest", true);
    TestImages.Pushed inner = images.index("nest/app", "inner", true, List.of(arm, v7));
    images.index("nest/app", "1", true, List.of(amd, inner));

    Cli.Run run = Cli.run("sync", list("[{\"source\": \"" + src.address() + "/nest/app:1\", \"target\": \"arm\", \"architectures\": [\"arm64\"]},"
        + " {\"source\": \"" + src.address() + "/nest/app:1\", \"target\": \"amd\", \"architectures\": [\"amd64\"]}]").toString(), "--to", dst.address() + "/ns");

    assertEquals(0, run.exitCode(), run.toString());
    String armIndex = new String(dst.getManifest("ns/arm", "1").orElseThrow().bytes(), StandardCharsets.UTF_8);
    assertTrue(armIndex.contains(arm.digest()) && !armIndex.contains(inner.digest()) && !armIndex.contains(amd.digest()), armIndex);
    assertArrayEquals(arm.bytes(), dst.getManifest("ns/arm", arm.digest()).orElseThrow().bytes(), "the image byte for byte");
    String amdIndex = new String(dst.getManifest("ns/amd", "1").orElseThrow().bytes(), StandardCharsets.UTF_8);
    assertTrue(amdIndex.contains(amd.digest()) && !amdIndex.contains(inner.digest()), amdIndex);
    assertTrue(run.stdout().contains("platform subset linux/arm64") && run.stdout().contains("platform subset linux/amd64"), run.stdout());
  }

  /** Windows entries differ only in os.version: docker's {@code windows/amd64:10.0.17763} picks one by prefix. */
  @Test
  void windowsEntriesAreChosenByOsVersion(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    TestImages.Pushed ltsc2019 = images.image("win/app", "windows/amd64:10.0.17763.5329", 1, 2000, "win", false);
    TestImages.Pushed ltsc2022 = images.image("win/app", "windows/amd64:10.0.20348.2227", 1, 2000, "win", false);
    TestImages.Pushed linux = images.image("win/app", "linux/amd64", 1, 2000, "win", false);
    images.index("win/app", "1", false, List.of(linux, ltsc2019, ltsc2022));

    Cli.Run run = Cli.run("sync", list("[{\"source\": \"" + src.address() + "/win/app:1\", \"target\": \"app\","
        + " \"architectures\": [\"windows/amd64:10.0.17763\"]}]").toString(), "--to", dst.address() + "/ns");

    assertEquals(0, run.exitCode(), run.toString());
    String index = new String(dst.getManifest("ns/app", "1").orElseThrow().bytes(), StandardCharsets.UTF_8);
    assertTrue(index.contains(ltsc2019.digest()) && !index.contains(ltsc2022.digest()) && !index.contains(linux.digest()), index);
    assertTrue(run.stdout().contains("platform subset windows/amd64:10.0.17763.5329"), run.stdout());

    Cli.Run missing = Cli.run("sync", list("[{\"source\": \"" + src.address() + "/win/app:1\", \"target\": \"other\","
        + " \"architectures\": [\"windows/amd64:10.0.14393\"]}]").toString(), "--to", dst.address() + "/ns");
    assertEquals(1, missing.exitCode(), missing.toString());
    assertTrue(missing.stdout().contains("source has no windows/amd64:10.0.14393") && missing.stdout().contains("windows/amd64:10.0.20348.2227"), missing.stdout());
  }

  /** An index none of whose entries says a platform (a referrers index): nothing to choose, copied whole. */
  @Test
  void anIndexWithoutPlatformsPassesAnArchitecturesFilter(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    TestImages.Pushed image = images.single("plain/app", "1", "linux/amd64", "plain", true);
    TestImages.Pushed signature = images.attestation("plain/app", image, "sig");
    String entry = "{\"mediaType\": \"" + TestImages.OCI_MANIFEST + "\", \"digest\": \"" + signature.digest() + "\", \"size\": " + signature.size()
        + ", \"artifactType\": \"application/vnd.docker.attestation.manifest.v1+json\"}";
    byte[] referrers = ("{\"schemaVersion\": 2, \"mediaType\": \"" + TestImages.OCI_INDEX + "\", \"manifests\": [" + entry + "]}").getBytes(StandardCharsets.UTF_8);
    String tag = image.digest().replace(':', '-');
    String digest = src.pushManifest("plain/app", tag, TestImages.OCI_INDEX, referrers);

    Cli.Run run = Cli.run("sync", list("[{\"source\": \"" + src.address() + "/plain/app:" + tag + "\", \"target\": \"app\","
        + " \"architectures\": [\"arm64\"]}]").toString(), "--to", dst.address() + "/ns");

    assertEquals(0, run.exitCode(), run.toString());
    assertArrayEquals(referrers, dst.getManifest("ns/app", tag).orElseThrow().bytes());
    assertEquals(digest, dst.getManifest("ns/app", tag).orElseThrow().digest());
    assertTrue(run.stdout().contains("no platforms in this index: copied whole"), run.stdout());
  }

  /** Fewer architectures than the index has: a new index of exactly those, children byte-exact. */
  @Test
  void architectureSubsetBuildsANewIndexAndSaysSo(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    Pushed amd64 = images.image("org/app", "linux/amd64", 2, 10_000, "sub", true);
    Pushed arm64 = images.image("org/app", "linux/arm64/v8", 2, 10_000, "sub", true);
    Pushed armv7 = images.image("org/app", "linux/arm/v7", 2, 10_000, "sub", true);
    Pushed attAmd = images.attestation("org/app", amd64, "a");
    Pushed attArm = images.attestation("org/app", armv7, "b");
    Pushed index = images.index("org/app", "main", true, List.of(amd64, arm64, armv7, attAmd, attArm));

    Cli.Run run = Cli.run("sync", list("[{\"source\": \"" + src.address() + "/org/app:main\", \"target\": \"app\","
        + " \"architectures\": [\"amd64\", \"arm64\"]}]").toString(), "--to", dst.address() + "/ns");

    assertEquals(0, run.exitCode(), run.toString());
    String line = run.linesStartingWith("copied").get(0);
    assertTrue(line.contains("digest differs from source " + index.digest() + " by design"), line);
    byte[] newIndex = Skopeo.inspectRaw(dst.address() + "/ns/app:main");
    assertTrue(line.contains(digestOf(newIndex)), line);
    JsonNode json = Contents.parse(newIndex);
    List<String> entries = new ArrayList<>();
    json.path("manifests").forEach(e -> entries.add(e.path("digest").asText()));
    assertEquals(List.of(amd64.digest(), arm64.digest(), attAmd.digest()), entries, "chosen platforms and their attestation, in source order");
    assertEquals("https://example.invalid/app", json.path("annotations").path("org.opencontainers.image.source").asText());
    for (Pushed kept : List.of(amd64, arm64, attAmd)) {
      Contents.assertSameTree(src, "org/app", dst, "ns/app", kept.digest());
    }
    assertTrue(dst.getManifest("ns/app", armv7.digest()).isEmpty(), "arm/v7 was not asked for");
    Set<String> armBlobs = new HashSet<>();
    Contents.parse(armv7.bytes()).path("layers").forEach(l -> armBlobs.add(l.path("digest").asText()));
    for (String blob : armBlobs) {
      assertTrue(dst.blobDigest("ns/app", blob).isEmpty(), "arm/v7 layer copied: " + blob);
    }
  }

  /**
   * A platform the source lacks: one warning naming it, the platforms it has are copied, exit 0,
   * as the old skopeo workflow went on with the architectures that exist. {@code strictPlatforms}
   * and {@code --strict-platforms} fail that entry instead; an image with none of the request
   * fails either way (nothing to copy).
   */
  @Test
  void aPlatformTheSourceLacksIsAWarningUnlessStrict(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    Pushed multi = images.multiArch("x/multi", "v1", true, "m", 1, 1000, "linux/amd64", "linux/arm64");
    images.single("x/single", "v1", "linux/amd64", "s", true);
    images.single("x/ok", "v1", "linux/arm64", "ok", true);

    Cli.Run lenient = Cli.run("sync", list("["
        + "{\"source\": \"" + src.address() + "/x/multi:v1\", \"architectures\": [\"amd64\", \"arm/v7\"]},"
        + "{\"source\": \"" + src.address() + "/x/ok:v1\", \"architectures\": [\"arm64\"]}]").toString(),
        "--to", dst.address() + "/ns");

    assertEquals(0, lenient.exitCode(), lenient.toString());
    List<String> warnings = lenient.stderr().lines().filter(l -> l.contains("WARN")).toList();
    assertEquals(1, warnings.size(), lenient.stderr());
    assertTrue(warnings.get(0).contains("/x/multi:v1: the source has no linux/arm/v7: its other platforms are copied"), warnings.get(0));
    assertTrue(lenient.stderr().contains("; 1 image lacks a platform asked for (warned above; its others copied)"), lenient.stderr());
    assertTrue(lenient.stdout().contains("(platform subset linux/amd64 (no linux/arm/v7 in the source): digest differs"), lenient.stdout());
    String index = new String(dst.getManifest("ns/multi", "v1").orElseThrow().bytes(), StandardCharsets.UTF_8);
    assertTrue(index.contains("amd64") && !index.contains("arm64") && !index.equals(new String(multi.bytes(), StandardCharsets.UTF_8)), index);

    Cli.Run strict = Cli.run("sync", list("["
        + "{\"source\": \"" + src.address() + "/x/multi:v1\", \"target\": \"strict\", \"architectures\": [\"amd64\", \"s390x\"], \"strictPlatforms\": true},"
        + "{\"source\": \"" + src.address() + "/x/single:v1\", \"architectures\": [\"arm64\"]},"
        + "{\"source\": \"" + src.address() + "/x/ok:v1\", \"target\": \"ok2\", \"architectures\": [\"arm64\"]}]").toString(),
        "--to", dst.address() + "/ns");

    assertEquals(1, strict.exitCode(), strict.toString());
    List<String> failed = strict.linesStartingWith("failed");
    assertEquals(2, failed.size(), strict.toString());
    assertTrue(failed.stream().anyMatch(l -> l.contains("/ns/strict:v1") && l.contains("source has no linux/s390x (it has linux/amd64, linux/arm64)")), failed.toString());
    assertTrue(failed.stream().anyMatch(l -> l.contains("/ns/single:v1") && l.contains("single-platform linux/amd64, not linux/arm64")), failed.toString());
    assertEquals(1, strict.linesStartingWith("copied").size(), strict.toString());
    assertTrue(dst.getManifest("ns/strict", "v1").isEmpty());
    assertTrue(dst.getManifest("ns/single", "v1").isEmpty());

    Cli.Run flag = Cli.run("sync", list("[{\"source\": \"" + src.address() + "/x/multi:v1\", \"target\": \"flag\", \"architectures\": [\"amd64\", \"s390x\"]}]").toString(),
        "--to", dst.address() + "/ns", "--strict-platforms");
    assertEquals(1, flag.exitCode(), flag.toString());
    assertTrue(flag.stdout().contains("source has no linux/s390x"), flag.stdout());
  }

  /** A missing source fails its entry with exit 1; the other entries are still copied. */
  @Test
  void missingSourceFailsAloneAndOthersAreCopied(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    Pushed one = images.multiArch("p/one", "v1", true, "p1", 1, 1000, "linux/amd64", "linux/arm64");
    Pushed two = images.single("p/two", "v1", "linux/amd64", "p2", false);

    Cli.Run run = Cli.run("sync", list("["
        + "{\"source\": \"" + src.address() + "/p/one:v1\"},"
        + "{\"source\": \"" + src.address() + "/p/nothere:v1\"},"
        + "{\"source\": \"" + src.address() + "/p/two:v1\", \"tags\": [\"v1\", \"latest\"]}]").toString(),
        "--to", dst.address() + "/ns");

    assertEquals(1, run.exitCode(), run.toString());
    assertEquals(List.of("failed  " + src.address() + "/p/nothere:v1 -> " + dst.address() + "/ns/nothere:v1: source "
        + src.address() + "/p/nothere:v1 not found"), run.linesStartingWith("failed"));
    assertEquals(3, run.linesStartingWith("copied").size(), run.toString());
    assertArrayEquals(one.bytes(), Skopeo.inspectRaw(dst.address() + "/ns/one:v1"));
    assertArrayEquals(two.bytes(), Skopeo.inspectRaw(dst.address() + "/ns/two:latest"));
    assertTrue(run.stderr().contains("1 failed"), run.stderr());
  }

  /**
   * A layer missing at the source fails the image with a reason naming the source, and the
   * destination tag is never written: no tag may point at something incomplete.
   */
  @Test
  void aMissingSourceLayerFailsTheImageAndWritesNoTag(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    Pushed amd64 = images.image("broken/app", "linux/amd64", 2, 5_000, "broken", true);
    Pushed arm64 = images.image("broken/app", "linux/arm64", 2, 5_000, "broken", true);
    images.index("broken/app", "v1", true, List.of(amd64, arm64));
    String lostLayer = Contents.parse(arm64.bytes()).path("layers").path(1).path("digest").asText();
    src.deleteBlob("broken/app", lostLayer);

    Cli.Run run = Cli.run("sync", list("[{\"source\": \"" + src.address() + "/broken/app:v1\"}]").toString(),
        "--to", dst.address() + "/ns");

    assertEquals(1, run.exitCode(), run.toString());
    String failed = run.linesStartingWith("failed").get(0);
    assertTrue(failed.endsWith(src.address() + "/broken/app: read blob " + lostLayer.substring(7, 19) + " failed: HTTP 404 BLOB_UNKNOWN: blob unknown to registry (" + lostLayer + ")"), failed);
    assertTrue(dst.getManifest("ns/app", "v1").isEmpty(), "tag written over missing content");
    assertTrue(dst.getManifest("ns/app", arm64.digest()).isEmpty(), "manifest written over a missing layer");
    assertTrue(dst.blobDigest("ns/app", lostLayer).isEmpty());
  }

  /** A source tag that moved is copied again, not skipped. */
  @Test
  void aMovedSourceTagIsCopiedAgain(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    images.single("m/app", "latest", "linux/amd64", "before", true);
    Path file = list("[{\"source\": \"" + src.address() + "/m/app\"}]");
    assertEquals(0, Cli.run("sync", file.toString(), "--to", dst.address() + "/ns").exitCode());

    Pushed after = images.single("m/app", "latest", "linux/amd64", "after", true);
    Cli.Run run = Cli.run("sync", file.toString(), "--to", dst.address() + "/ns");

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(1, run.linesStartingWith("copied").size(), run.toString());
    assertArrayEquals(after.bytes(), Skopeo.inspectRaw(dst.address() + "/ns/app:latest"));
  }

  /** Source and destination on one registry: layers are mounted across repositories, not uploaded. */
  @Test
  void sameRegistryMountsBlobsInsteadOfUploading(TestRegistry registry) throws IOException {
    RawRegistry reg = new RawRegistry(registry);
    Pushed index = new TestImages(reg).multiArch("up/stream", "v1", true, "mount", 2, 50_000, "linux/amd64", "linux/arm64");
    int before = registry.requests().size();

    Cli.Run run = Cli.run("sync", list("[{\"source\": \"" + reg.address() + "/up/stream:v1\", \"target\": \"copy\"}]").toString(),
        "--to", reg.address() + "/mirror");

    assertEquals(0, run.exitCode(), run.toString());
    List<LoggedRequest> requests = registry.requests().subList(before, registry.requests().size());
    long mounts = requests.stream().filter(r -> r.method().equals("POST") && r.path().contains("mount=") && r.status() == 201).count();
    assertEquals(6, mounts, requests.toString());
    assertFalse(requests.stream().anyMatch(r -> (r.method().equals("PATCH") || r.method().equals("PUT")) && r.path().contains("/blobs/uploads/")),
        "no blob bytes uploaded: " + requests);
    assertTrue(run.stderr().contains("6 mounted"), run.stderr());
    Contents.assertSameTree(reg, "up/stream", reg, "mirror/copy", index.digest());
  }

  /** The destination may come from the variables the existing workflows already set. */
  @Test
  void destinationFromAliyunEnvironmentVariables(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    Pushed image = new TestImages(src).single("e/nv", "v1", "linux/amd64", "env", true);

    Cli.Run run = Cli.run(List.of(), Map.of("ALIYUN_REGISTRY", dst.address(), "ALIYUN_NAMESPACE", "team"),
        "sync", list("[{\"source\": \"" + src.address() + "/e/nv:v1\", \"target\": \"env\"}]").toString());

    assertEquals(0, run.exitCode(), run.toString());
    assertArrayEquals(image.bytes(), Skopeo.inspectRaw(dst.address() + "/team/env:v1"));
  }

  /** Bad input: exit 2, one line naming file, line and column, and not a single request sent. */
  @Test
  void badInputExitsTwoAndCopiesNothing(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    new TestImages(src).single("b/ok", "v1", "linux/amd64", "ok", true);
    int srcBefore = srcRegistry.requests().size();
    int dstBefore = dstRegistry.requests().size();
    Path file = list("[\n  {\"source\": \"" + src.address() + "/b/ok:v1\"},\n  {\"source\": \"nginx\", \"tags\": \"latest\"}\n]\n");

    Cli.Run run = Cli.run("sync", file.toString(), "--to", dstRegistry.address() + "/ns");

    assertEquals(2, run.exitCode(), run.toString());
    assertEquals("imagesync: " + file + ":3:31: entry 2: 'tags' must be a list of strings, found a string", run.stderr().strip());
    assertEquals("", run.stdout());
    assertEquals(srcBefore, srcRegistry.requests().size());
    assertEquals(dstBefore, dstRegistry.requests().size());
  }

  /** --shard I/N: the shards of a matrix copy everything between them, each repository once. */
  @Test
  void shardsSplitTheRunByDestinationRepository(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 6; i++) {
      images.single("s/app" + i, "v1", "linux/amd64", "shard-" + i, true);
      json.append(i == 0 ? "" : ",").append("{\"source\": \"").append(src.address()).append("/s/app").append(i).append(":v1\"}");
    }
    Path file = list(json.append("]").toString());

    Path cwd = Files.createDirectory(tmp.resolve("matrix"));
    Cli.Run first = Cli.runIn(cwd, List.of(), Map.of(), "sync", file.toString(), "--to", dst.address() + "/m", "--shard", "1/2",
        "--no-history", "--report", "r1.json");
    Cli.Run second = Cli.runIn(cwd, List.of(), Map.of(), "sync", file.toString(), "--to", dst.address() + "/m", "--shard", "2/2",
        "--no-history", "--report", "r2.json");

    assertEquals(0, first.exitCode(), first.toString());
    assertEquals(0, second.exitCode(), second.toString());
    Set<String> copied = new HashSet<>();
    for (String line : first.linesStartingWith("copied")) {
      copied.add(line.split("\\s+")[1]);
    }
    for (String line : second.linesStartingWith("copied")) {
      assertTrue(copied.add(line.split("\\s+")[1]), "in both shards: " + line);
    }
    assertEquals(6, copied.size(), first.stdout() + second.stdout());
    assertTrue(first.linesStartingWith("copied").size() > 0 && second.linesStartingWith("copied").size() > 0, "both shards had work");
    assertFalse(Files.exists(cwd.resolve("transfer_history.md")), "--no-history");

    Cli.Run record = Cli.runIn(cwd, List.of(), Map.of(), "record", "r1.json", "r2.json");

    assertEquals(0, record.exitCode(), record.toString());
    assertEquals(6, Files.readAllLines(cwd.resolve("transfer_history.md")).stream().filter(l -> l.contains("/s/app")).count());
    assertEquals(6, Files.readAllLines(cwd.resolve("image_list.md")).stream().filter(l -> l.contains("/s/app")).count());
  }

  /** --quiet: failures and the summary only; no line per copied tag and no progress. */
  @Test
  void quietPrintsFailuresAndTheSummaryOnly(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    new TestImages(src).single("q/ok", "1", "linux/amd64", "quiet", true);
    Path file = list("[{\"source\": \"" + src.address() + "/q/ok:1\"}, {\"source\": \"" + src.address() + "/q/missing:1\"}]");

    Cli.Run run = Cli.run("sync", file.toString(), "--to", dstRegistry.address() + "/q", "--quiet");

    assertEquals(1, run.exitCode(), run.toString());
    assertEquals(List.of(), run.linesStartingWith("copied"), run.stdout());
    assertEquals(1, run.linesStartingWith("failed").size(), run.stdout());
    assertTrue(run.stderr().contains("1 copied, 0 skipped, 1 failed"), run.stderr());
  }

  /** A blob this run already put in one destination repository is mounted into the next, not uploaded again. */
  @Test
  void blobsPushedEarlierInTheRunAreMountedAcrossDestinationRepositories(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    Pushed first = images.image("team-a/base", "linux/amd64", 2, 40_000, "shared-layers", true);
    src.pushManifest("team-a/base", "1", first.mediaType(), first.bytes());
    Pushed second = images.image("team-b/base", "linux/amd64", 2, 40_000, "shared-layers", true);
    src.pushManifest("team-b/base", "1", second.mediaType(), second.bytes());
    Path file = list("[{\"source\": \"" + src.address() + "/team-a/base:1\", \"target\": \"a-base\"},"
        + " {\"source\": \"" + src.address() + "/team-b/base:1\", \"target\": \"b-base\"}]");
    int before = dstRegistry.requests().size();

    Cli.Run run = Cli.run("sync", file.toString(), "--to", dst.address() + "/m", "-j", "1", "--no-history");

    assertEquals(0, run.exitCode(), run.toString());
    List<LoggedRequest> requests = dstRegistry.requests().subList(before, dstRegistry.requests().size());
    long mounted = requests.stream().filter(r -> r.method().equals("POST") && r.path().contains("mount=") && r.status() == 201).count();
    assertEquals(3, mounted, "config and two layers mounted into the second repository: " + requests);
    assertTrue(run.stderr().contains("3 mounted"), run.stderr());
    Contents.assertSameTree(src, "team-a/base", dst, "m/a-base", first.digest());
    Contents.assertSameTree(src, "team-b/base", dst, "m/b-base", second.digest());
  }
}
