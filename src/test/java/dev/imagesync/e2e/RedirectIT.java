package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.Skopeo;
import dev.imagesync.testing.StubHttpServer;
import dev.imagesync.testing.StubHttpServer.Received;
import dev.imagesync.testing.StubHttpServer.Reply;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Docker Hub answers blob GETs with a redirect to its CDN on another host. The credentials for
 * the registry must not travel there: a second server on another loopback address plays the CDN
 * and records every header it receives. (The source is a stub: distribution does not redirect
 * blob reads to another host; the destination is a real registry.)
 */
@ExtendWith(RegistryExtension.class)
class RedirectIT {

  private static final String USER = "hub-user";
  private static final String PASS = "Hub-Secret-redirect-4Kp";

  @Test
  void credentialsDoNotFollowARedirectToAnotherHost(TestRegistry destination) throws Exception {
    TestImages.InMemory image = TestImages.inMemory("cdn", 30_000);
    byte[] config = image.config();
    byte[] layer = image.layer();
    byte[] manifest = image.manifest();
    String manifestDigest = image.manifestDigest();
    String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASS).getBytes(StandardCharsets.UTF_8));

    try (StubHttpServer cdn = new StubHttpServer(InetAddress.getByName("127.0.0.2"), r -> {
          if (r.path().startsWith("/blobs/config")) {
            return new Reply(200, Map.of("Content-Type", "application/octet-stream"), config);
          }
          if (r.path().startsWith("/blobs/layer")) {
            return new Reply(200, Map.of("Content-Type", "application/octet-stream"), layer);
          }
          return Reply.of(404);
        });
        StubHttpServer hub = new StubHttpServer(InetAddress.getLoopbackAddress(), r -> {
          if (!basic.equals(r.headers().get("authorization"))) {
            return new Reply(401, Map.of("WWW-Authenticate", "Basic realm=\"hub\""), null);
          }
          String p = r.path();
          if (p.equals("/v2/library/app/manifests/1") || p.equals("/v2/library/app/manifests/" + manifestDigest)) {
            return new Reply(200, Map.of("Content-Type", TestImages.OCI_MANIFEST, "Docker-Content-Digest", manifestDigest), manifest);
          }
          if (p.equals("/v2/library/app/blobs/" + RawRegistry.sha256(config))) {
            return new Reply(307, Map.of("Location", "http://" + cdn.address() + "/blobs/config?sig=abc"), null);
          }
          if (p.equals("/v2/library/app/blobs/" + RawRegistry.sha256(layer))) {
            return new Reply(307, Map.of("Location", "http://" + cdn.address() + "/blobs/layer?sig=def"), null);
          }
          return Reply.of(p.equals("/v2/") ? 200 : 404);
        })) {
      Cli.Run run = Cli.run("copy", hub.address() + "/library/app:1", destination.address() + "/mirror/app",
          "--src-creds", USER + ":" + PASS, "-v");

      assertEquals(0, run.exitCode(), run.toString());
      assertArrayEquals(manifest, Skopeo.inspectRaw(destination.address() + "/mirror/app:1"));
      List<Received> atCdn = cdn.received();
      assertEquals(2, atCdn.size(), "config and layer fetched from the CDN: " + atCdn);
      for (Received r : atCdn) {
        assertFalse(r.headers().containsKey("authorization"), "credentials sent to another host: " + r.path());
      }
      assertTrue(hub.received().stream().anyMatch(r -> basic.equals(r.headers().get("authorization"))), "the registry itself got them");
      assertFalse((run.stdout() + run.stderr()).contains(PASS));
    }
  }
}
