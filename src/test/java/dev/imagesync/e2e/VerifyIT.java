package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only what is signed enters the mirror: images signed here as cosign signs them (keys and
 * signatures from the JDK's crypto, in cosign's formats — the sha256-HEX.sig tag, a
 * simple-signing payload per layer, its signature in dev.cosignproject.cosign/signature,
 * docs.sigstore.dev and cosign's specs/SIGNATURE_SPEC.md), copied when a trusted key verifies them,
 * refused with their line and nothing tagged otherwise.
 */
@ExtendWith(RegistryExtension.class)
class VerifyIT {

  @TempDir Path tmp;

  private static KeyPair ecKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private Path pem(KeyPair key, String name) throws Exception {
    Path file = tmp.resolve(name);
    Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    return file;
  }

  private static String payload(String reference, String digest) {
    return "{\"critical\":{\"identity\":{\"docker-reference\":\"" + reference + "\"},\"image\":{\"docker-manifest-digest\":\"" + digest
        + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}";
  }

  private static String sign(KeyPair key, byte[] payload) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(key.getPrivate());
    s.update(payload);
    return Base64.getEncoder().encodeToString(s.sign());
  }

  /** cosign's signature manifest under sha256-HEX.sig for {@code subject}: one layer, {@code payload} signed as {@code signature}. */
  private static void attach(RawRegistry registry, String repo, String subject, byte[] payload, String signature) {
    String payloadDigest = registry.pushBlob(repo, payload);
    byte[] config = ("{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"history\":[{\"created\":\"0001-01-01T00:00:00Z\"}],"
        + "\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + payloadDigest + "\"]},\"config\":{}}").getBytes(StandardCharsets.UTF_8);
    String configDigest = registry.pushBlob(repo, config);
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"size\":" + config.length + ",\"digest\":\"" + configDigest + "\"},\"layers\":[{"
        + "\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\",\"size\":" + payload.length + ",\"digest\":\"" + payloadDigest
        + "\",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"" + signature + "\"}}]}";
    registry.pushManifest(repo, "sha256-" + subject.substring("sha256:".length()) + ".sig", "application/vnd.oci.image.manifest.v1+json",
        manifest.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * cosign 3's default (specs/BUNDLE_SPEC.md): a sigstore bundle v0.3 whose DSSE envelope holds an
   * in-toto statement of predicate type https://sigstore.dev/cosign/sign/v1 about the image, in an
   * OCI 1.1 artifact whose subject is the image — listed in the referrers tag schema's index
   * (sha256-HEX), as cosign writes it for a registry without the referrers API (distribution 2.8).
   */
  private static void attachBundle(KeyPair key, RawRegistry registry, String repo, Pushed image) throws Exception {
    String statement = statement(registry, repo, image);
    byte[] payload = statement.getBytes(StandardCharsets.UTF_8);
    String type = "application/vnd.in-toto+json";
    byte[] pae = ("DSSEv1 " + type.length() + " " + type + " " + payload.length + " " + statement).getBytes(StandardCharsets.UTF_8);
    String bundle = "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{\"hint\":"
        + "\"test\"},\"tlogEntries\":[]},\"dsseEnvelope\":{\"payload\":\"" + Base64.getEncoder().encodeToString(payload) + "\",\"payloadType\":\""
        + type + "\",\"signatures\":[{\"sig\":\"" + sign(key, pae) + "\",\"keyid\":\"\"}]}}";
    attachBundle(registry, repo, image, bundle.getBytes(StandardCharsets.UTF_8));
  }

  /** cosign's in-toto statement of an image signature (predicate type https://sigstore.dev/cosign/sign/v1) about {@code image}. */
  private static String statement(RawRegistry registry, String repo, Pushed image) {
    return "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + registry.address() + "/" + repo
        + "\",\"digest\":{\"sha256\":\"" + image.digest().substring(7) + "\"}}],\"predicateType\":\"https://sigstore.dev/cosign/sign/v1\","
        + "\"predicate\":{}}";
  }

  /** {@code bundleBytes} as an OCI 1.1 artifact whose subject is {@code image}, in the referrers tag schema's index. */
  private static void attachBundle(RawRegistry registry, String repo, Pushed image, byte[] bundleBytes) {
    String bundleDigest = registry.pushBlob(repo, bundleBytes);
    String empty = registry.pushBlob(repo, "{}".getBytes(StandardCharsets.UTF_8));
    byte[] artifact = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":"
        + "\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
        + empty + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"digest\":\"" + bundleDigest
        + "\",\"size\":" + bundleBytes.length + "}],\"subject\":{\"mediaType\":\"" + image.mediaType() + "\",\"digest\":\"" + image.digest()
        + "\",\"size\":" + image.bytes().length + "}}").getBytes(StandardCharsets.UTF_8);
    String artifactDigest = RawRegistry.sha256(artifact);
    registry.pushManifest(repo, artifactDigest, "application/vnd.oci.image.manifest.v1+json", artifact);
    byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + artifactDigest + "\",\"size\":" + artifact.length
        + ",\"artifactType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"}]}").getBytes(StandardCharsets.UTF_8);
    registry.pushManifest(repo, "sha256-" + image.digest().substring(7), "application/vnd.oci.image.index.v1+json", index);
  }

  private void signAs(KeyPair key, RawRegistry registry, String repo, Pushed image, String namedDigest) throws Exception {
    byte[] p = payload(registry.address() + "/" + repo, namedDigest).getBytes(StandardCharsets.UTF_8);
    attach(registry, repo, image.digest(), p, sign(key, p));
  }

  @Test
  void onlyImagesOurKeySignedAreCopiedAndEachRefusalSaysWhatWasFound(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    KeyPair ours = ecKey();
    KeyPair theirs = ecKey();
    Path keyDir = Files.createDirectories(tmp.resolve("lists"));
    Files.move(pem(ours, "cosign.pub"), keyDir.resolve("cosign.pub"));

    Pushed signed = images.multiArch("t/signed", "1", true, "signed", 1, 1000, "linux/amd64", "linux/arm64");
    signAs(ours, src, "t/signed", signed, signed.digest());
    images.single("t/unsigned", "1", "linux/amd64", "unsigned", true);
    Pushed other = images.single("t/other", "1", "linux/amd64", "other", true);
    signAs(theirs, src, "t/other", other, other.digest());
    Pushed moved = images.single("t/moved", "1", "linux/amd64", "moved", true);
    Pushed elsewhere = images.single("t/moved", "2", "linux/amd64", "elsewhere", true);
    signAs(ours, src, "t/moved", moved, elsewhere.digest()); // our signature of image 2, under image 1's tag
    Pushed tampered = images.single("t/tampered", "1", "linux/amd64", "tampered", true);
    byte[] good = payload(src.address() + "/t/tampered", tampered.digest()).getBytes(StandardCharsets.UTF_8);
    byte[] changed = new String(good, StandardCharsets.UTF_8).replace("\"optional\":null", "\"optional\":{\"by\":\"mallory\"}")
        .getBytes(StandardCharsets.UTF_8);
    attach(src, "t/tampered", tampered.digest(), changed, sign(ours, good));
    Pushed platformOnly = images.multiArch("t/platform", "1", true, "platform", 1, 1000, "linux/amd64", "linux/arm64");
    String amdChild = new com.fasterxml.jackson.databind.ObjectMapper().readTree(platformOnly.bytes()).path("manifests").get(0).path("digest").asText();
    Pushed child = new Pushed(platformOnly.mediaType(), amdChild, null, null, null, null, null, null);
    signAs(ours, src, "t/platform", child, amdChild); // a signature of one platform's image, not of the index copied

    Pushed bundled = images.single("t/bundled", "1", "linux/amd64", "bundled", true);
    attachBundle(ours, src, "t/bundled", bundled);
    Pushed bundledByThem = images.single("t/bundled-other", "1", "linux/amd64", "bundled-other", true);
    attachBundle(theirs, src, "t/bundled-other", bundledByThem);

    Path list = keyDir.resolve("images.json");
    String verify = ", \"verify\": {\"key\": \"cosign.pub\"}";
    Files.writeString(list, "[" + String.join(",", List.of(
        "{\"source\": \"" + src.address() + "/t/signed:1\"" + verify + "}",
        "{\"source\": \"" + src.address() + "/t/signed:1\", \"target\": \"signed-amd64\", \"architectures\": [\"amd64\"]" + verify + "}",
        "{\"source\": \"" + src.address() + "/t/unsigned:1\"" + verify + "}",
        "{\"source\": \"" + src.address() + "/t/other:1\"" + verify + "}",
        "{\"source\": \"" + src.address() + "/t/moved:1\"" + verify + "}",
        "{\"source\": \"" + src.address() + "/t/tampered:1\"" + verify + "}",
        "{\"source\": \"" + src.address() + "/t/platform:1\"" + verify + "}",
        "{\"source\": \"" + src.address() + "/t/bundled:1\"" + verify + "}",
        "{\"source\": \"" + src.address() + "/t/bundled-other:1\"" + verify + "}")) + "]");

    Cli.Run plan = Cli.run("plan", list.toString(), "--to", dst.address() + "/m");
    assertTrue(plan.lines().get(0).endsWith("/m/signed:1 (verify: cosign.pub)"), plan.toString());

    Cli.Run run = Cli.run("sync", list.toString(), "--to", dst.address() + "/m", "--no-history");
    assertEquals(1, run.exitCode(), run.toString());
    String out = run.stdout();
    assertTrue(out.lines().anyMatch(l -> l.startsWith("copied") && l.contains("/m/signed:1") && l.matches(".*verified by [0-9a-f]{16}.*")), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("copied") && l.contains("/m/signed-amd64:1") && l.contains("verified by")), out);
    assertTrue(line(out, "/m/unsigned:1").contains("found no signature (no sha256-"), out);
    assertTrue(line(out, "/m/other:1").contains("found a signature none of these keys verifies (signed by another key"), out);
    assertTrue(line(out, "/m/moved:1").contains("that names another digest, " + elsewhere.digest()), out);
    assertTrue(line(out, "/m/tampered:1").contains("found a signature none of these keys verifies"), out);
    assertTrue(line(out, "/m/platform:1").contains("found no signature"), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("copied") && l.contains("/m/bundled:1") && l.contains("verified by")), out);
    assertTrue(line(out, "/m/bundled-other:1").contains("found a sigstore bundle none of these keys verifies"), out);
    assertTrue(line(out, "/m/unsigned:1").contains("expected a cosign signature of sha256:") && line(out, "/m/unsigned:1").contains("by cosign.pub ("),
        out);
    for (String refused : List.of("unsigned", "other", "moved", "tampered", "platform", "bundled-other")) {
      assertEquals(List.of(), dst.tags("m/" + refused), refused + ": nothing tagged");
    }
    assertEquals(Optional.of(signed.digest()), dst.getManifest("m/signed", "1").map(RawRegistry.Fetched::digest));

    // The flag, for a copy: another key refuses, ours takes it.
    Path theirKey = pem(theirs, "theirs.pub");
    Cli.Run refused = Cli.run("copy", src.address() + "/t/signed:1", dst.address() + "/c/signed:1", "--verify-key", theirKey.toString(),
        "--no-history");
    assertEquals(1, refused.exitCode(), refused.toString());
    assertEquals(List.of(), dst.tags("c/signed"));
    Cli.Run taken = Cli.run("copy", src.address() + "/t/signed:1", dst.address() + "/c/signed:1", "--verify-key", theirKey.toString(),
        "--verify-key", keyDir.resolve("cosign.pub").toString(), "--no-history");
    assertEquals(0, taken.exitCode(), taken.toString());
  }

  private static String line(String out, String target) {
    return out.lines().filter(l -> l.contains(target)).findFirst().orElseThrow(() -> new AssertionError("no line for " + target + ": " + out));
  }

  @Test
  void aKeyThatCannotBeReadIsBadInputNamingTheEntry() throws Exception {
    Path list = tmp.resolve("images.json");
    Files.writeString(list, "[{\"source\": \"nginx:1.25\", \"verify\": {\"key\": \"missing.pub\"}}]");
    Cli.Run run = Cli.run("plan", list.toString(), "--to", "127.0.0.1:5999/m");
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains(list + ":1") && run.stderr().contains("missing.pub: no such file"), run.stderr());
    Files.writeString(list, "[{\"source\": \"nginx:1.25\", \"verify\": {\"identity\": \".*\", \"issuer\": \"https://accounts.google.com\"}}]");
    Cli.Run keyless = Cli.run("plan", list.toString(), "--to", "127.0.0.1:5999/m");
    assertEquals(2, keyless.exitCode(), keyless.toString());
    assertTrue(keyless.stderr().contains(list + ":1: 'verify' names an identity: keyless verification needs Sigstore's trusted root"),
        keyless.stderr());
    Files.writeString(list, "[{\"source\": \"nginx:1.25\", \"verify\": {\"identity\": \".*\"}}]");
    Cli.Run half = Cli.run("plan", list.toString(), "--to", "127.0.0.1:5999/m");
    assertEquals(2, half.exitCode(), half.toString());
    assertTrue(half.stderr().contains("keyless verification needs both 'identity'"), half.stderr());
  }

  /** cosign 2's keyless signature: the simple-signing layer with its certificate, chain and transparency-log entry in annotations. */
  private static void attachKeyless(RawRegistry registry, String repo, Pushed image, dev.imagesync.testing.SigstoreStandIn.Signer signer,
      dev.imagesync.testing.SigstoreStandIn log) throws Exception {
    byte[] p = payload(registry.address() + "/" + repo, image.digest()).getBytes(StandardCharsets.UTF_8);
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(signer.key());
    s.update(p);
    String signature = Base64.getEncoder().encodeToString(s.sign());
    String payloadDigest = registry.pushBlob(repo, p);
    byte[] config = "{\"architecture\":\"\",\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"config\":{}}".getBytes(StandardCharsets.UTF_8);
    String configDigest = registry.pushBlob(repo, config);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode m = json.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    m.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json").put("size", config.length).put("digest", configDigest);
    com.fasterxml.jackson.databind.node.ObjectNode layer = m.putArray("layers").addObject();
    layer.put("mediaType", "application/vnd.dev.cosign.simplesigning.v1+json").put("size", p.length).put("digest", payloadDigest);
    layer.putObject("annotations").put("dev.cosignproject.cosign/signature", signature)
        .put("dev.sigstore.cosign/certificate", signer.certificatePem())
        .put("dev.sigstore.cosign/bundle", log.logEntry(signer, signature, p));
    registry.pushManifest(repo, "sha256-" + image.digest().substring(7) + ".sig", "application/vnd.oci.image.manifest.v1+json",
        json.writeValueAsBytes(m));
  }

  /**
   * Keyless, offline: a certificate authority and a transparency log made here stand in for Fulcio
   * and Rekor, the trusted root trusts them; a signature by the identity and issuer the list names
   * is copied; another identity, another issuer, a certificate from an authority the root does not
   * trust, an entry signed by a log it does not trust — each refused with its line, nothing tagged.
   */
  @Test
  void keylessSignaturesAreVerifiedAgainstATrustedRoot(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    String workflow = "https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main";
    String actions = "https://token.actions.githubusercontent.com";
    dev.imagesync.testing.SigstoreStandIn sigstore = new dev.imagesync.testing.SigstoreStandIn(tmp, "fulcio");
    dev.imagesync.testing.SigstoreStandIn rogue = new dev.imagesync.testing.SigstoreStandIn(tmp, "rogue");
    dev.imagesync.testing.SigstoreStandIn.Signer signer = sigstore.signer(workflow, actions);
    Pushed good = images.single("k/good", "1", "linux/amd64", "keyless-good", true);
    attachKeyless(src, "k/good", good, signer, sigstore);
    Pushed otherCa = images.single("k/other-ca", "1", "linux/amd64", "keyless-ca", true);
    attachKeyless(src, "k/other-ca", otherCa, rogue.signer(workflow, actions), sigstore);
    Pushed otherLog = images.single("k/other-log", "1", "linux/amd64", "keyless-log", true);
    attachKeyless(src, "k/other-log", otherLog, signer, rogue);
    Path root = sigstore.trustedRoot();

    String verify = ", \"verify\": {\"identity\": \"https://github\\\\.com/org/repo/\\\\.github/workflows/.*\", \"issuer\": \"" + actions + "\"}";
    Path list = tmp.resolve("keyless.json");
    Files.writeString(list, "[" + String.join(",", List.of(
        "{\"source\": \"" + src.address() + "/k/good:1\"" + verify + "}",
        "{\"source\": \"" + src.address() + "/k/good:1\", \"target\": \"other-identity\", \"verify\": {\"identity\": \"https://github\\\\.com/else/.*\","
            + " \"issuer\": \"" + actions + "\"}}",
        "{\"source\": \"" + src.address() + "/k/good:1\", \"target\": \"other-issuer\", \"verify\": {\"identity\": \".*\","
            + " \"issuer\": \"https://accounts.google.com\"}}",
        "{\"source\": \"" + src.address() + "/k/other-ca:1\"" + verify + "}",
        "{\"source\": \"" + src.address() + "/k/other-log:1\"" + verify + "}")) + "]");

    Cli.Run noRoot = Cli.run("plan", list.toString(), "--to", dst.address() + "/k");
    assertEquals(2, noRoot.exitCode(), noRoot.toString());
    assertTrue(noRoot.stderr().contains("keyless verification needs Sigstore's trusted root: --trusted-root FILE"), noRoot.stderr());

    Cli.Run run = Cli.run("sync", list.toString(), "--to", dst.address() + "/k", "--trusted-root", root.toString(), "--no-history");
    assertEquals(1, run.exitCode(), run.toString());
    String out = run.stdout();
    assertTrue(out.lines().anyMatch(l -> l.startsWith("copied") && l.contains("/k/good:1") && l.contains("verified by " + workflow)), out);
    assertTrue(line(out, "/k/other-identity:1").contains("found a certificate for " + workflow + ", not /https://github\\.com/else/.*/"), out);
    assertTrue(line(out, "/k/other-issuer:1").contains("from " + actions + ", not https://accounts.google.com"), out);
    assertTrue(line(out, "/k/other-ca:1").contains("found a certificate no authority of trusted_root.json issued"), out);
    assertTrue(line(out, "/k/other-log:1").contains("found a transparency-log entry no log of trusted_root.json signed"), out);
    for (String refused : List.of("other-identity", "other-issuer", "other-ca", "other-log")) {
      assertEquals(List.of(), dst.tags("k/" + refused), refused + ": nothing tagged");
    }
  }

  /**
   * cosign 3's keyless signatures — sigstore bundles of a DSSE envelope, with the signing
   * certificate and the transparency log's dsse entry and signed entry timestamp — verified offline
   * against the trusted root, with the entry's inclusion proof and the log's checkpoint: a bundle by
   * the identity and issuer the list names is copied; another identity, an entry signed by a log
   * the root does not trust, an entry of another payload, a forged inclusion proof are each refused
   * with their line, nothing tagged.
   */
  @Test
  void keylessSigstoreBundlesAreVerifiedAgainstATrustedRoot(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    TestImages images = new TestImages(src);
    String workflow = "https://github.com/org/repo/.github/workflows/release.yml@refs/tags/v1";
    String actions = "https://token.actions.githubusercontent.com";
    dev.imagesync.testing.SigstoreStandIn sigstore = new dev.imagesync.testing.SigstoreStandIn(tmp, "fulcio3");
    dev.imagesync.testing.SigstoreStandIn rogue = new dev.imagesync.testing.SigstoreStandIn(tmp, "rogue3");
    dev.imagesync.testing.SigstoreStandIn.Signer signer = sigstore.signer(workflow, actions);
    Pushed good = images.single("b/good", "1", "linux/amd64", "bundle-good", true);
    byte[] goodStatement = statement(src, "b/good", good).getBytes(StandardCharsets.UTF_8);
    attachBundle(src, "b/good", good, sigstore.keylessBundle(signer, goodStatement, goodStatement));
    Pushed otherLog = images.single("b/other-log", "1", "linux/amd64", "bundle-log", true);
    byte[] otherLogStatement = statement(src, "b/other-log", otherLog).getBytes(StandardCharsets.UTF_8);
    attachBundle(src, "b/other-log", otherLog, rogue.keylessBundle(signer, otherLogStatement, otherLogStatement));
    Pushed relogged = images.single("b/relogged", "1", "linux/amd64", "bundle-relogged", true);
    attachBundle(src, "b/relogged", relogged, sigstore.keylessBundle(signer, statement(src, "b/relogged", relogged).getBytes(StandardCharsets.UTF_8),
        goodStatement));
    Pushed forged = images.single("b/forged-proof", "1", "linux/amd64", "bundle-forged", true);
    byte[] forgedStatement = statement(src, "b/forged-proof", forged).getBytes(StandardCharsets.UTF_8);
    attachBundle(src, "b/forged-proof", forged, sigstore.keylessBundle(signer, forgedStatement, forgedStatement, false));
    Path root = sigstore.trustedRoot();

    String verify = ", \"verify\": {\"identity\": \"https://github\\\\.com/org/repo/.*\", \"issuer\": \"" + actions + "\"}";
    Path list = tmp.resolve("bundles.json");
    Files.writeString(list, "[" + String.join(",", List.of(
        "{\"source\": \"" + src.address() + "/b/good:1\"" + verify + "}",
        "{\"source\": \"" + src.address() + "/b/good:1\", \"target\": \"other-identity\", \"verify\": {\"identity\": \"https://github\\\\.com/else/.*\","
            + " \"issuer\": \"" + actions + "\"}}",
        "{\"source\": \"" + src.address() + "/b/other-log:1\"" + verify + "}",
        "{\"source\": \"" + src.address() + "/b/relogged:1\"" + verify + "}",
        "{\"source\": \"" + src.address() + "/b/forged-proof:1\"" + verify + "}")) + "]");

    Cli.Run run = Cli.run("sync", list.toString(), "--to", dst.address() + "/b", "--trusted-root", root.toString(), "--no-history");
    assertEquals(1, run.exitCode(), run.toString());
    String out = run.stdout();
    assertTrue(out.lines().anyMatch(l -> l.startsWith("copied") && l.contains("/b/good:1") && l.contains("verified by " + workflow)), out);
    assertTrue(line(out, "/b/other-identity:1").contains("found a certificate for " + workflow + ", not /https://github\\.com/else/.*/"), out);
    assertTrue(line(out, "/b/other-log:1").contains("found a transparency-log entry no log of trusted_root.json signed"), out);
    assertTrue(line(out, "/b/relogged:1").contains("found a transparency-log entry of another signature or payload"), out);
    assertTrue(line(out, "/b/forged-proof:1").contains("found a transparency-log entry whose inclusion proof does not hold"), out);
    for (String refused : List.of("other-identity", "other-log", "relogged", "forged-proof")) {
      assertEquals(List.of(), dst.tags("b/" + refused), refused + ": nothing tagged");
    }
  }
}
