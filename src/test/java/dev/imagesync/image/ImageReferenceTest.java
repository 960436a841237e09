package dev.imagesync.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  @ParameterizedTest
  @CsvSource({
    "nginx, docker.io/library/nginx",
    "nginx:1.25, docker.io/library/nginx:1.25",
    "vllm/vllm-openai:v0.11.0, docker.io/vllm/vllm-openai:v0.11.0",
    "index.docker.io/library/alpine:3.18, docker.io/library/alpine:3.18",
    "registry-1.docker.io/user/app, docker.io/user/app",
    "ghcr.io/open-webui/open-webui:main, ghcr.io/open-webui/open-webui:main",
    "127.0.0.1:5001/w1/app1:v1, 127.0.0.1:5001/w1/app1:v1",
    "localhost/app, localhost/app",
    "[::1]:5000/a/b:c, [::1]:5000/a/b:c",
    "registry.cn-hangzhou.aliyuncs.com/ns/app:latest, registry.cn-hangzhou.aliyuncs.com/ns/app:latest",
  })
  void normalisesLikeDocker(String input, String expected) {
    assertEquals(expected, ImageReference.parse(input).toString());
  }

  @org.junit.jupiter.api.Test
  void keepsDigestsAndDefaultsTheTagToLatest() {
    String d = "sha256:" + "a".repeat(64);
    ImageReference pinned = ImageReference.parse("nginx:1.25@" + d);
    assertEquals(d, pinned.manifestReference());
    assertEquals("1.25", pinned.tag().orElseThrow());
    assertEquals("latest", ImageReference.parse("nginx").manifestReference());
    assertEquals("vllm-openai", ImageReference.parse("vllm/vllm-openai").lastPathElement());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", " nginx", "ngi nx", "https://ghcr.io/a/b", "Nginx", "nginx:", "nginx:-bad", "a//b", "nginx@sha256:123",
    "UPPER.example.com/Repo", "app:t0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
  })
  void refusesWhatDockerRefuses(String input) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(input));
    assertTrue(e.getMessage().length() < 250 && !e.getMessage().contains("\n"), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void aDockerArchiveIsAFileWithAnOptionalImageName() {
    ImageReference named = ImageReference.parse("docker-archive:/tmp/images.tar:nginx:1.25");
    assertTrue(named.isDockerArchive() && named.isLayout());
    assertEquals(java.nio.file.Path.of("/tmp/images.tar"), named.archiveFile());
    assertEquals(java.util.Optional.of("nginx:1.25"), named.tag());
    assertEquals("docker-archive:/tmp/images.tar:nginx:1.25", named.toString());
    assertEquals(java.util.Optional.of("ghcr.io/org/app:1"), ImageReference.parse("docker-archive:a.tar:ghcr.io/org/app:1").tag());
    assertEquals(java.util.Optional.empty(), ImageReference.parse("docker-archive:a.tar").tag());
    assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("docker-archive:a.tar:nginx"));
    assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("docker-archive:"));
  }

  @org.junit.jupiter.api.Test
  void anOciLayoutIsADirectoryWithAnOptionalTag() {
    ImageReference tagged = ImageReference.parse("oci:/mnt/images/nginx:1.25");
    org.junit.jupiter.api.Assertions.assertTrue(tagged.isLayout());
    org.junit.jupiter.api.Assertions.assertEquals(java.nio.file.Path.of("/mnt/images/nginx"), tagged.layoutDirectory());
    org.junit.jupiter.api.Assertions.assertEquals(java.util.Optional.of("1.25"), tagged.tag());
    org.junit.jupiter.api.Assertions.assertEquals("oci:/mnt/images/nginx:1.25", tagged.toString());
    org.junit.jupiter.api.Assertions.assertEquals("nginx", tagged.lastPathElement());
    org.junit.jupiter.api.Assertions.assertEquals(java.nio.file.Path.of("").toAbsolutePath().resolve("images/My_App"),
        ImageReference.parse("oci:images/My_App").layoutDirectory(), "relative to the working directory; any directory name");
    ImageReference byDigest = ImageReference.parse("oci:/mnt/x@sha256:" + "a".repeat(64));
    org.junit.jupiter.api.Assertions.assertTrue(byDigest.digest().isPresent() && byDigest.tag().isEmpty());
    org.junit.jupiter.api.Assertions.assertEquals(java.nio.file.Path.of("/mnt/disk/ns/app"),
        ImageReference.repository("oci:/mnt/disk", "ns/app").layoutDirectory(), "--to oci:DIR puts a repository in a directory under it");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("oci:"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("oci:/"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("oci:/mnt/x:bad tag"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ImageReference.repository("oci:/mnt/disk", "../etc"));
  }

  @org.junit.jupiter.api.Test
  void aLayoutTakesEveryRefNameTheImageLayoutSpecAllows() {
    for (String ref : java.util.List.of("a/b", "a:b", "v1.0+build.5", "a@b", "A--b", "x/y/z:1")) {
      ImageReference r = ImageReference.parse("oci:/mnt/images/app:" + ref);
      org.junit.jupiter.api.Assertions.assertEquals(java.util.Optional.of(ref), r.tag(), ref);
      org.junit.jupiter.api.Assertions.assertEquals(java.nio.file.Path.of("/mnt/images/app"), r.layoutDirectory(), ref);
      org.junit.jupiter.api.Assertions.assertEquals(r, ImageReference.parse(r.toString()), "printed as it parses: " + ref);
    }
    org.junit.jupiter.api.Assertions.assertTrue(ImageReference.parse("oci:/mnt/x:a@sha256:" + "b".repeat(64)).digest().isPresent(),
        "@ and a digest is still the digest");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("oci:/mnt/x:a//b"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("registry.example/app:a+b"),
        "a registry's tag is still a tag");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("registry.example/app").withTag("a/b"));
  }

  @org.junit.jupiter.api.Test
  void aRefNameARegistryCannotHoldBecomesATag() {
    org.junit.jupiter.api.Assertions.assertEquals("v1.0", ImageReference.asTag("v1.0"));
    org.junit.jupiter.api.Assertions.assertEquals("a-b", ImageReference.asTag("a/b"));
    org.junit.jupiter.api.Assertions.assertEquals("a-b", ImageReference.asTag("a:b"));
    org.junit.jupiter.api.Assertions.assertEquals("v1.0-build.5", ImageReference.asTag("v1.0+build.5"));
    org.junit.jupiter.api.Assertions.assertEquals(128, ImageReference.asTag("x/".repeat(100)).length());
    org.junit.jupiter.api.Assertions.assertTrue(ImageReference.isValidTag(ImageReference.asTag("x/".repeat(100))));
  }
}
