package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestKeys;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry with a self-signed certificate: refused by default with a message saying what to do
 * (even on loopback, where plain HTTP needs no flag), accepted with --insecure-registry, with
 * insecure: true in auth.yaml, or with its certificate given by --ca-cert.
 */
@ExtendWith(RegistryExtension.class)
class TlsIT {

  @TempDir Path tmp;

  private TestKeys keys;
  private TestRegistry tls;
  private Pushed image;
  private Path list;

  @BeforeEach
  void start(TestRegistry source) throws IOException {
    keys = TestKeys.generate("imagesync-test-registry", "ip:127.0.0.1");
    tls = TestRegistry.startWithTls(keys);
    image = new TestImages(new RawRegistry(source)).single("org/app", "1", "linux/amd64", "tls", true);
    list = tmp.resolve("images.md");
    Files.writeString(list, source.address() + "/org/app:1\n");
  }

  @AfterEach
  void stop() {
    tls.close();
  }

  private void assertCopied(Cli.Run run, String ns) {
    assertEquals(0, run.exitCode(), run.toString());
    assertArrayEquals(image.bytes(), RawRegistry.overTls(tls.address()).getManifest(ns + "/app", "1").orElseThrow().bytes());
  }

  @Test
  void selfSignedIsRefusedByDefault() {
    Cli.Run run = Cli.run("sync", list.toString(), "--to", tls.address() + "/ns");
    assertEquals(1, run.exitCode(), run.toString());
    String line = run.linesStartingWith("failed").get(0);
    assertTrue(line.contains("TLS certificate of " + tls.address() + " is not trusted ("), line);
    assertTrue(line.endsWith("pass --ca-cert FILE with its CA, or --insecure-registry " + tls.address() + " to skip the check"), line);
    assertTrue(RawRegistry.overTls(tls.address()).getManifest("ns/app", "1").isEmpty());
  }

  @Test
  void acceptedWithInsecureRegistry() {
    assertCopied(Cli.run("sync", list.toString(), "--to", tls.address() + "/ns", "--insecure-registry", tls.address()), "ns");
  }

  @Test
  void acceptedWithInsecureInAuthYaml() throws IOException {
    Path auth = tmp.resolve("auth.yaml");
    Files.writeString(auth, tls.address() + ":\n  insecure: true\n");
    assertCopied(Cli.run("sync", list.toString(), "--to", tls.address() + "/viaauth", "--auth", auth.toString()), "viaauth");
  }

  @Test
  void acceptedWithItsCertificateAsCa() {
    Cli.Run run = Cli.run(List.of(), java.util.Map.of(), "sync", list.toString(), "--to", tls.address() + "/verified",
        "--ca-cert", keys.certificatePem().toString(), "-v");
    assertCopied(run, "verified");
    assertTrue(!run.stderr().contains("Cannot verify server at https://" + tls.address()), "verified TLS, no fallback: " + run.stderr());
  }

  @Test
  void theJvmsOwnTlsCopiesTheSameWithImagesyncTlsJdk() {
    // The native engine is the default (http/TlsEngineTest); the JVM's stays one variable away.
    assertCopied(Cli.run(List.of(), java.util.Map.of("IMAGESYNC_TLS", "jdk"), "sync", list.toString(), "--to", tls.address() + "/jdk",
        "--ca-cert", keys.certificatePem().toString()), "jdk");
  }
}
