package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.StubHttpServer;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestProxy;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signatures, attestations and SBOMs carried with their images between real registries (which
 * lack the referrers API): cosign's digest tags, the referrers tag schema, a signature of an
 * SBOM; a second run sends nothing; a platform subset carries what refers to the kept images.
 * The referrers API of a source is played by a proxy in front of a real registry.
 */
@ExtendWith(RegistryExtension.class)
class ReferrersIT {

  private static final String SBOM = "application/spdx+json";
  private static final String NOTATION = "application/vnd.cncf.notary.signature";

  @TempDir Path tmp;

  private Path list(String json) throws IOException {
    Path file = tmp.resolve("images.json");
    Files.writeString(file, json);
    return file;
  }

  private static String tagOf(Pushed subject) {
    return subject.digest().replace(':', '-');
  }

  private static byte[] bytes(RawRegistry registry, String repo, String reference) {
    return registry.getManifest(repo, reference).orElseThrow(() -> new AssertionError(repo + ":" + reference + " missing")).bytes();
  }

  private static long writes(TestRegistry registry) {
    return registry.requests().stream().filter(r -> Set.of("PUT", "POST", "PATCH", "DELETE").contains(r.method())).count();
  }

  @Test
  void signaturesAttestationsAndSbomsGoAlongOnceAndAfterASubset(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    Pushed amd = images.image("org/app", "linux/amd64", 1, 3000, "ref", true);
    Pushed arm = images.image("org/app", "linux/arm64", 1, 3000, "ref", true);
    Pushed index = images.index("org/app", "1.0", true, List.of(amd, arm));
    Pushed sig = images.cosign("org/app", index, ".sig", "index-sig");
    Pushed att = images.cosign("org/app", index, ".att", "index-att");
    Pushed sbom = images.artifact("org/app", amd, SBOM, "amd-sbom");
    Pushed sbomTag = images.referrersTag("org/app", amd, List.of(sbom), List.of(SBOM));
    Pushed sbomSignature = images.artifact("org/app", sbom, NOTATION, "sbom-sig");
    Pushed sbomSignatureTag = images.referrersTag("org/app", sbom, List.of(sbomSignature), List.of(NOTATION));
    Pushed armSig = images.cosign("org/app", arm, ".sig", "arm-sig");

    Path json = list("[{\"source\": \"" + src.address() + "/org/app:1.0\", \"target\": \"app\", \"referrers\": true}]");
    Cli.Run first = Cli.run("sync", json.toString(), "--to", dst.address() + "/ns");

    assertEquals(0, first.exitCode(), first.toString());
    assertArrayEquals(index.bytes(), bytes(dst, "ns/app", "1.0"));
    assertArrayEquals(sig.bytes(), bytes(dst, "ns/app", tagOf(index) + ".sig"), "cosign signature of the index");
    assertArrayEquals(att.bytes(), bytes(dst, "ns/app", tagOf(index) + ".att"), "cosign attestation of the index");
    assertArrayEquals(armSig.bytes(), bytes(dst, "ns/app", tagOf(arm) + ".sig"), "cosign signature of a child");
    assertArrayEquals(sbom.bytes(), bytes(dst, "ns/app", sbom.digest()), "an OCI 1.1 SBOM of a child");
    assertArrayEquals(sbomTag.bytes(), bytes(dst, "ns/app", tagOf(amd)), "its tag schema index, as the source had it");
    assertArrayEquals(sbomSignature.bytes(), bytes(dst, "ns/app", sbomSignature.digest()), "the signature of the SBOM");
    assertArrayEquals(sbomSignatureTag.bytes(), bytes(dst, "ns/app", tagOf(sbom)));
    assertTrue(first.stdout().contains("referrers: 5 carried, 0 already there"), first.stdout());
    assertTrue(first.stderr().contains("referrers: 5 carried, 0 already there"), first.stderr());

    // Second run: HEADs only; what the flag adds is counted for docs/platforms-and-referrers.md.
    long writesBefore = writes(dstRegistry);
    int srcBefore = srcRegistry.requests().size();
    int dstBefore = dstRegistry.requests().size();
    Cli.Run second = Cli.run("sync", json.toString(), "--to", dst.address() + "/ns");
    assertEquals(0, second.exitCode(), second.toString());
    assertEquals(writesBefore, writes(dstRegistry), "nothing re-sent");
    assertTrue(second.stdout().contains("referrers: 0 carried, 5 already there"), second.stdout());
    int srcWith = srcRegistry.requests().size() - srcBefore;
    int dstWith = dstRegistry.requests().size() - dstBefore;
    srcBefore = srcRegistry.requests().size();
    dstBefore = dstRegistry.requests().size();
    Cli.Run plain = Cli.run("sync", list("[{\"source\": \"" + src.address() + "/org/app:1.0\", \"target\": \"app\"}]").toString(), "--to", dst.address() + "/ns");
    assertEquals(0, plain.exitCode(), plain.toString());
    int srcWithout = srcRegistry.requests().size() - srcBefore;
    int dstWithout = dstRegistry.requests().size() - dstBefore;
    System.out.printf("no-op run requests, source/destination: without --referrers %d/%d, with %d/%d%n", srcWithout, dstWithout, srcWith, dstWith);
    assertTrue(srcWith - srcWithout <= 9 && dstWith - dstWithout <= 9, "a no-op with referrers adds few requests: source "
        + srcWithout + " -> " + srcWith + ", destination " + dstWithout + " -> " + dstWith);

    // A subset: the amd64 image and what refers to it; the index's signatures cannot apply.
    Cli.Run subset = Cli.run("sync", "--referrers", list("[{\"source\": \"" + src.address() + "/org/app:1.0\", \"target\": \"amd\","
        + " \"architectures\": [\"amd64\"]}]").toString(), "--to", dst.address() + "/ns");
    assertEquals(0, subset.exitCode(), subset.toString());
    assertArrayEquals(sbom.bytes(), bytes(dst, "ns/amd", sbom.digest()));
    assertArrayEquals(sbomSignature.bytes(), bytes(dst, "ns/amd", sbomSignature.digest()));
    assertArrayEquals(sbomTag.bytes(), bytes(dst, "ns/amd", tagOf(amd)));
    assertFalse(dst.getManifest("ns/amd", tagOf(index) + ".sig").isPresent(), "the index's signature is not the subset's");
    assertFalse(dst.getManifest("ns/amd", tagOf(arm) + ".sig").isPresent(), "arm64 was not copied, nor what refers to it");
    assertTrue(subset.stdout().contains("2 referrers of the source index not carried: they refer to " + index.digest()), subset.stdout());
  }

  /** A source with the referrers API (all pages, the artifactType filter) into a destination without: a tag schema index. */
  @Test
  void fromASourceWithTheReferrersApi(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry upstream = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(upstream);
    Pushed image = images.single("org/api", "2.0", "linux/amd64", "api", true);
    Pushed sbom = images.artifact("org/api", image, SBOM, "api-sbom");
    Pushed signature = images.artifact("org/api", image, NOTATION, "api-sig");
    String page1 = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\""
        + sbom.mediaType() + "\",\"digest\":\"" + sbom.digest() + "\",\"size\":" + sbom.size() + ",\"artifactType\":\"" + SBOM + "\"}]}";
    String page2 = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\""
        + signature.mediaType() + "\",\"digest\":\"" + signature.digest() + "\",\"size\":" + signature.size() + ",\"artifactType\":\"" + NOTATION + "\"}]}";
    String empty = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}";
    String base = "/v2/org/api/referrers/" + image.digest();
    try (TestProxy source = new TestProxy(upstream.address(), seen -> {
      if (!seen.path().contains("/referrers/")) {
        return Optional.empty();
      }
      Map<String, String> json = Map.of("Content-Type", "application/vnd.oci.image.index.v1+json");
      if (seen.path().equals(base)) {
        return Optional.of(new StubHttpServer.Reply(200, Map.of("Content-Type", "application/vnd.oci.image.index.v1+json",
            "Link", "<" + base + "?last=1>; rel=\"next\""), page1.getBytes(StandardCharsets.UTF_8)));
      }
      if (seen.path().equals(base + "?last=1")) {
        return Optional.of(new StubHttpServer.Reply(200, json, page2.getBytes(StandardCharsets.UTF_8)));
      }
      if (seen.path().startsWith(base + "?artifactType=")) {
        return Optional.of(new StubHttpServer.Reply(200, json, page2.getBytes(StandardCharsets.UTF_8)));
      }
      return Optional.of(new StubHttpServer.Reply(200, json, empty.getBytes(StandardCharsets.UTF_8)));
    }, (seen, reply) -> reply)) {
      Cli.Run run = Cli.run("copy", "--referrers", source.address() + "/org/api:2.0", dst.address() + "/ns/api:2.0");

      assertEquals(0, run.exitCode(), run.toString());
      assertArrayEquals(sbom.bytes(), bytes(dst, "ns/api", sbom.digest()));
      assertArrayEquals(signature.bytes(), bytes(dst, "ns/api", signature.digest()));
      String listed = new String(bytes(dst, "ns/api", tagOf(image)), StandardCharsets.UTF_8);
      assertTrue(listed.contains(sbom.digest()) && listed.contains(signature.digest()), "both pages in the tag schema index: " + listed);
      assertTrue(source.seen().stream().anyMatch(s -> s.path().equals(base + "?last=1")), "the second page was asked for");

      Cli.Run filtered = Cli.run("copy", "--referrers-type", NOTATION, source.address() + "/org/api:2.0", dst.address() + "/ns/signed:2.0");
      assertEquals(0, filtered.exitCode(), filtered.toString());
      assertTrue(dst.getManifest("ns/signed", signature.digest()).isPresent());
      assertFalse(dst.getManifest("ns/signed", sbom.digest()).isPresent(), "an SBOM is not of the type asked for");
      assertTrue(source.seen().stream().anyMatch(s -> s.path().startsWith(base + "?artifactType=application%2Fvnd.cncf.notary.signature")), source.seen().toString());
    }
  }
}
