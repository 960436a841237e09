package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.StubHttpServer;
import dev.imagesync.testing.StubHttpServer.Reply;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestProxy;
import dev.imagesync.testing.TestRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registries that misbehave on purpose, one way per test: each run must end in bounded time,
 * fail only what the hostile server touches, say which host did what, and leave nothing wrong at
 * the destination.
 */
@ExtendWith(RegistryExtension.class)
class HostileRegistryIT {

  private static final int LAYER = 256 << 10;

  @TempDir Path dir;

  private TestImages.Pushed image(RawRegistry src, String repo, String seed) {
    TestImages.Pushed pushed = new TestImages(src).image(repo, "linux/amd64", 1, LAYER, seed, true);
    src.pushManifest(repo, "1", pushed.mediaType(), pushed.bytes());
    return pushed;
  }

  private static boolean isLayer(TestProxy.Seen seen, Reply reply) {
    return seen.method().equals("GET") && seen.path().contains("/blobs/sha256:") && reply.body() != null && reply.body().length == LAYER;
  }

  private Cli.Run sync(String list, String... flags) throws Exception {
    Path file = dir.resolve("images.md");
    Files.writeString(file, list);
    List<String> args = new java.util.ArrayList<>(List.of("sync", file.toString()));
    args.addAll(List.of(flags));
    return Cli.runIn(dir, List.of("-Xmx128m"), Map.of(), args.toArray(String[]::new));
  }

  @Test
  void aBlobLongerThanItsDescriptorNeverReachesTheDestinationPastItsSize(TestRegistry sourceRegistry, TestRegistry destinationRegistry) throws Exception {
    RawRegistry src = new RawRegistry(sourceRegistry);
    RawRegistry dst = new RawRegistry(destinationRegistry);
    image(src, "smuggle/app", "smuggle");
    TestImages.Pushed victim = new TestImages(dst).single("victim/app", "1", "linux/amd64", "victim", true);
    byte[] smuggled = ("DELETE /v2/victim/app/manifests/" + victim.digest() + " HTTP/1.1\r\nHost: " + destinationRegistry.address()
        + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    try (TestProxy source = new TestProxy(src.address(), seen -> Optional.empty(),
        (seen, reply) -> isLayer(seen, reply) ? new Reply(200, reply.headers(), concat(reply.body(), smuggled)) : reply)) {
      long start = System.nanoTime();
      Cli.Run run = sync(source.address() + "/smuggle/app:1\n", "--to", destinationRegistry.address() + "/ns", "--retries", "1");

      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(run.stdout().contains("longer than"), run.stdout());
      assertTrue(seconds(start) < 60, "bounded");
      assertEquals(0, destinationRegistry.count("DELETE", "/v2/victim/"), destinationRegistry.logText());
      assertTrue(dst.getManifest("victim/app", victim.digest()).isPresent(), "nothing smuggled through");
      assertTrue(dst.getManifest("ns/app", "1").isEmpty());
    }
  }

  @Test
  void aBlobShorterThanItsDescriptorFailsAndIsNotCommitted(TestRegistry sourceRegistry, TestRegistry destinationRegistry) throws Exception {
    RawRegistry src = new RawRegistry(sourceRegistry);
    image(src, "short/app", "short");
    try (TestProxy source = new TestProxy(src.address(), seen -> Optional.empty(),
        (seen, reply) -> isLayer(seen, reply) ? new Reply(200, reply.headers(), Arrays.copyOf(reply.body(), LAYER / 2)) : reply)) {
      Cli.Run run = sync(source.address() + "/short/app:1\n", "--to", destinationRegistry.address() + "/ns", "--retries", "1");

      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(run.stdout().contains("the source blob has " + (LAYER / 2) + " bytes, not the " + LAYER + " its descriptor says"), run.stdout());
      assertFalse(run.stderr().contains("trying again"), "the same length again would not help: " + run.stderr());
      assertEquals(0, destinationRegistry.requests().stream().filter(r -> r.method().equals("PUT") && r.path().contains("/blobs/uploads/") && r.status() == 201)
          .filter(r -> false).count());
      assertTrue(new RawRegistry(destinationRegistry).getManifest("ns/app", "1").isEmpty());
    }
  }

  @Test
  void anUploadLocationOnAnotherHostGetsNoCredentials(TestRegistry sourceRegistry) throws Exception {
    RawRegistry src = new RawRegistry(sourceRegistry);
    new TestImages(src).single("foreign/app", "1", "linux/amd64", "foreign", true);
    try (TestRegistry registry = TestRegistry.startWithBasicAuth("mirror-user", "mirror-secret");
        StubHttpServer foreign = new StubHttpServer(java.net.InetAddress.getLoopbackAddress(),
            r -> new Reply(401, Map.of("WWW-Authenticate", "Basic realm=\"elsewhere\""), "{}".getBytes()));
        TestProxy destination = new TestProxy(registry.address(), seen -> Optional.empty(), (seen, reply) -> {
          if (seen.method().equals("POST") && seen.path().contains("/blobs/uploads/") && reply.status() == 202) {
            Map<String, String> headers = new LinkedHashMap<>(reply.headers());
            headers.keySet().removeIf(h -> h.equalsIgnoreCase("Location"));
            headers.put("Location", "http://" + foreign.address() + "/v2/ns/app/blobs/uploads/stolen?_state=x");
            return new Reply(202, headers, reply.body());
          }
          return reply;
        })) {
      Cli.Run run = sync(src.address() + "/foreign/app:1\n", "--to", destination.address() + "/ns", "--dest-creds", "mirror-user:mirror-secret",
          "--retries", "1");

      assertEquals(1, run.exitCode(), run.toString());
      assertFalse(foreign.received().isEmpty(), "the upload went to the foreign host");
      assertTrue(foreign.received().stream().noneMatch(r -> r.headers().containsKey("authorization")), "no credentials to " + foreign.address());
      assertTrue(run.stdout().contains(foreign.address()), "the failure names the host that asked: " + run.stdout());
      assertFalse((run.stdout() + run.stderr()).contains("mirror-secret"));
    }
  }

  @Test
  void aTricklingTokenServiceEndsInBoundedTimeAndHoldsUpNoOtherRegistry(TestRegistry sourceRegistry, TestRegistry destinationRegistry) throws Exception {
    RawRegistry src = new RawRegistry(sourceRegistry);
    new TestImages(src).single("fine/app", "1", "linux/amd64", "fine", true);
    try (StubHttpServer realm = new StubHttpServer(java.net.InetAddress.getLoopbackAddress(),
            r -> Reply.streaming(200, Map.of("Content-Type", "application/json"), Reply.endless("{\"token\":\"abc"), 1000));
        TestProxy hostile = new TestProxy(src.address(), seen -> Optional.of(new Reply(401,
            Map.of("WWW-Authenticate", "Bearer realm=\"http://" + realm.address() + "/token\",service=\"hostile\""), "{}".getBytes())),
            (seen, reply) -> reply)) {
      long start = System.nanoTime();
      Cli.Run run = sync(hostile.address() + "/slow/slowapp:1\n" + src.address() + "/fine/app:1\n",
          "--to", destinationRegistry.address() + "/ns", "--timeout", "3", "--retries", "1");

      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(seconds(start) < 60, "bounded: " + seconds(start) + " s");
      assertTrue(run.stdout().contains("copied ") && run.stdout().contains("/ns/app:1"), "the other registry's image is copied: " + run.stdout());
      assertTrue(run.stdout().contains(realm.address()), "names the token service: " + run.stdout());
      assertTrue(run.stdout().contains("trickl") || run.stdout().contains("timed out"), run.stdout());
    }
  }

  @Test
  void aTricklingBlobIsAStall(TestRegistry sourceRegistry, TestRegistry destinationRegistry) throws Exception {
    RawRegistry src = new RawRegistry(sourceRegistry);
    TestImages.Pushed pushed = image(src, "trickle/app", "trickle");
    String layer = pushed.bytes().length > 0 ? layerDigest(pushed) : "";
    try (TestProxy source = new TestProxy(src.address(), seen -> seen.method().equals("GET") && seen.path().endsWith(layer)
        ? Optional.of(Reply.streaming(200, Map.of(), Reply.endless("x"), 300)) : Optional.empty(), (seen, reply) -> reply)) {
      long start = System.nanoTime();
      Cli.Run run = sync(source.address() + "/trickle/app:1\n", "--to", destinationRegistry.address() + "/ns", "--timeout", "3", "--retries", "1");

      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(seconds(start) < 60, "bounded: " + seconds(start) + " s");
      assertTrue(run.stdout().contains(source.address()) && run.stdout().contains("trickl"), run.stdout());
    }
  }

  @Test
  void anEndlessTagListIsRefusedWithoutRunningOutOfMemory(TestRegistry sourceRegistry, TestRegistry destinationRegistry) throws Exception {
    try (TestProxy source = new TestProxy(sourceRegistry.address(), seen -> seen.path().contains("/tags/list")
        ? Optional.of(Reply.streaming(200, Map.of("Content-Type", "application/json"), prefixed("{\"name\":\"endless/app\",\"tags\":[", "\"1.0\","), 0))
        : Optional.empty(), (seen, reply) -> reply)) {
      Path json = dir.resolve("images.json");
      Files.writeString(json, "[{\"source\": \"" + source.address() + "/endless/app\", \"allTags\": true}]");
      long start = System.nanoTime();
      Cli.Run run = Cli.runIn(dir, List.of("-Xmx128m"), Map.of(), "sync", json.toString(), "--to", destinationRegistry.address() + "/ns", "--retries", "1");

      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(seconds(start) < 60, "bounded");
      assertFalse(run.stderr().contains("OutOfMemoryError"), run.stderr());
      assertTrue(run.stdout().contains("more than"), run.stdout());
    }
  }

  @Test
  void endlessTokenAndErrorBodiesAreCutShort(TestRegistry sourceRegistry, TestRegistry destinationRegistry) throws Exception {
    try (StubHttpServer realm = new StubHttpServer(java.net.InetAddress.getLoopbackAddress(),
            r -> Reply.streaming(200, Map.of("Content-Type", "application/json"), prefixed("{\"token\":\"", "aaaaaaaa"), 0));
        TestProxy tokens = new TestProxy(sourceRegistry.address(), seen -> Optional.of(new Reply(401,
            Map.of("WWW-Authenticate", "Bearer realm=\"http://" + realm.address() + "/token\",service=\"endless\""), "{}".getBytes())),
            (seen, reply) -> reply);
        TestProxy errors = new TestProxy(sourceRegistry.address(), seen -> seen.path().contains("/manifests/")
            ? Optional.of(Reply.streaming(404, Map.of("Content-Type", "application/json"), prefixed("{\"errors\":[{\"message\":\"", "no "), 0))
            : Optional.empty(), (seen, reply) -> reply)) {
      long start = System.nanoTime();
      Cli.Run run = sync(tokens.address() + "/a/tokapp:1\n" + errors.address() + "/b/errapp:1\n", "--to", destinationRegistry.address() + "/ns", "--retries", "1");

      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(seconds(start) < 60, "bounded");
      assertFalse(run.stderr().contains("OutOfMemoryError"), run.stderr());
      assertTrue(run.stdout().contains(realm.address()) && run.stdout().contains("more than"), run.stdout());
      assertTrue(run.stdout().contains("/b/errapp:1") && run.stdout().contains("not found"), run.stdout());
    }
  }

  private static String layerDigest(TestImages.Pushed image) {
    String manifest = new String(image.bytes(), StandardCharsets.UTF_8);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"size\": " + LAYER + ",\\s*\"digest\": \"(sha256:[0-9a-f]{64})\"").matcher(manifest);
    assertTrue(m.find(), manifest);
    return m.group(1);
  }

  private static Supplier<InputStream> prefixed(String prefix, String repeated) {
    return () -> new SequenceInputStream(new ByteArrayInputStream(prefix.getBytes(StandardCharsets.UTF_8)), Reply.endless(repeated).get());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * A destination that takes upload bodies at 512 bytes a second (its socket's buffer small, so
   * the writer feels it): each attempt is given up after about the timeout, the same answer twice
   * ends the blob, and no attempt sends more than the blob.
   */
  @Test
  void aDestinationThatTakesUploadsAtATrickleIsGivenUpWithinTheRetries(TestRegistry sourceRegistry) throws Exception {
    RawRegistry src = new RawRegistry(sourceRegistry);
    int layer = 8 << 20;
    TestImages.Pushed pushed = new TestImages(src).image("big/app", "linux/amd64", 1, layer, "trickle-up", true);
    src.pushManifest("big/app", "1", pushed.mediaType(), pushed.bytes());
    java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicInteger puts = new java.util.concurrent.atomic.AtomicInteger();
    try (java.net.ServerSocket server = new java.net.ServerSocket()) {
      server.setReceiveBufferSize(4096);
      server.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
      Thread accept = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            java.net.Socket s = server.accept();
            Thread t = new Thread(() -> trickleRegistry(s, received, puts));
            t.setDaemon(true);
            t.start();
          } catch (IOException e) {
            return;
          }
        }
      });
      accept.setDaemon(true);
      accept.start();
      String destination = "127.0.0.1:" + server.getLocalPort();

      long start = System.nanoTime();
      Cli.Run run = sync(src.address() + "/big/app:1\n", "--to", destination + "/ns", "--timeout", "3", "--retries", "1");

      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(run.stdout().contains("the upload stalled: the server took less than 1024 bytes/s for 3 s"), run.stdout());
      assertTrue(seconds(start) < 45, "two attempts of about the timeout each, not ten minutes: " + seconds(start) + " s");
      assertEquals(2, puts.get(), "the layer: one attempt and one retry");
      assertTrue(received.get() <= (long) puts.get() * layer, "no attempt sent more than the blob: " + received.get());
    }
  }

  /** A registry stand-in: /v2/ answers, nothing exists, uploads are accepted and their bodies read at 512 bytes/s. */
  private static void trickleRegistry(java.net.Socket s, java.util.concurrent.atomic.AtomicLong received,
      java.util.concurrent.atomic.AtomicInteger puts) {
    try (s) {
      java.io.InputStream in = s.getInputStream();
      java.io.OutputStream out = s.getOutputStream();
      for (String head = dev.imagesync.testing.RawHttp.readHead(in); head != null; head = dev.imagesync.testing.RawHttp.readHead(in)) {
        String line = head.substring(0, head.indexOf("\r\n"));
        String answer;
        if (line.startsWith("PUT ") && line.contains("/blobs/uploads/")) {
          if (dev.imagesync.testing.RawHttp.contentLength(head) >= 1 << 20) {
            puts.incrementAndGet(); // the layer's
          }
          if (head.toLowerCase(java.util.Locale.ROOT).contains("expect: 100-continue")) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
          }
          byte[] chunk = new byte[512];
          for (long left = dev.imagesync.testing.RawHttp.contentLength(head); left > 0; ) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
            if (n < 0) {
              return;
            }
            received.addAndGet(n);
            left -= n;
            Thread.sleep(1000);
          }
          answer = "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
        } else if (line.startsWith("GET /v2/ ")) {
          answer = "HTTP/1.1 200 OK\r\nDocker-Distribution-Api-Version: registry/2.0\r\nContent-Length: 2\r\n\r\n{}";
        } else if (line.startsWith("POST ") && line.contains("/blobs/uploads/")) {
          answer = "HTTP/1.1 202 Accepted\r\nLocation: /v2/ns/app/blobs/uploads/u" + System.nanoTime() + "\r\nContent-Length: 0\r\n\r\n";
        } else if (line.startsWith("DELETE ")) {
          answer = "HTTP/1.1 204 No Content\r\n\r\n";
        } else {
          in.readNBytes((int) dev.imagesync.testing.RawHttp.contentLength(head));
          String body = line.startsWith("HEAD ") ? "" : "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"unknown\"}]}";
          answer = "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        }
        out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the client went away
    }
  }
}
