package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.Skopeo;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestProxy;
import dev.imagesync.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A big layer through a source whose connections break every few MiB (a long link that drops
 * them): the read goes on from the byte reached ({@code Range}), the destination sees one upload,
 * and the bytes fetched stay near the layer's size instead of starting over at each break.
 */
@ExtendWith(RegistryExtension.class)
class ResumeIT {

  /** The layer's size: 40 MiB, or -Dimagesync.resume.mib=400 for the figure (a 400 MB layer). */
  private static final long SIZE = (long) Integer.getInteger("imagesync.resume.mib", 40) << 20;
  /** Each connection to the source carries at most this much of a blob body, then is reset (-Dimagesync.resume.break.mib). */
  private static final int BREAK_EVERY = Integer.getInteger("imagesync.resume.break.mib", 6) << 20;

  @TempDir Path tmp;

  @Test
  void aLayerWhoseConnectionsBreakEveryFewMiBArrivesWhole(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] layer = new LargeLayerIT.PseudoRandomStream(SIZE).readAllBytes();
    String layerDigest = "sha256:" + HexFormat.of().formatHex(sha.digest(layer));
    src.pushBlob("ai/model", layerDigest, SIZE, () -> new java.io.ByteArrayInputStream(layer));
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8);
    String configDigest = src.pushBlob("ai/model", config);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + TestImages.OCI_MANIFEST + "\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},"
        + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layerDigest + "\",\"size\":" + SIZE + "}]}")
        .getBytes(StandardCharsets.UTF_8);
    src.pushManifest("ai/model", "v1", TestImages.OCI_MANIFEST, manifest);

    AtomicLong bodyBytesSent = new AtomicLong();
    AtomicInteger ranged = new AtomicInteger();
    AtomicInteger broken = new AtomicInteger();
    try (TestProxy breaking = new TestProxy(src.address(), seen -> Optional.empty(), (seen, reply) -> {
      boolean layerGet = seen.method().equals("GET") && seen.path().endsWith("/blobs/" + layerDigest);
      int length = reply.body() == null ? 0 : reply.body().length;
      if (layerGet && reply.status() == 206) {
        ranged.incrementAndGet();
      }
      if (layerGet && length > BREAK_EVERY) {
        broken.incrementAndGet();
        bodyBytesSent.addAndGet(BREAK_EVERY);
        return reply.cutAfter(BREAK_EVERY);
      }
      bodyBytesSent.addAndGet(layerGet ? length : 0);
      return reply;
    })) {
      Path list = tmp.resolve("images.json");
      Files.writeString(list, "[{\"source\": \"" + breaking.address() + "/ai/model:v1\", \"target\": \"model\"}]");

      Cli.Run run = Cli.run("sync", list.toString(), "--to", dst.address() + "/ns", "--retries", "2");

      assertEquals(0, run.exitCode(), run.toString());
      assertArrayEquals(manifest, Skopeo.inspectRaw(dst.address() + "/ns/model:v1"));
      assertEquals(layerDigest, dst.blobDigest("ns/model", layerDigest).orElseThrow());
      // 40 MiB in pieces of at most 6 MiB: six breaks at least (a reset may also drop what the
      // client had not read yet, so a piece can be shorter).
      assertTrue(broken.get() >= (SIZE - 1) / BREAK_EVERY, "breaks: " + broken.get());
      System.out.printf("ResumeIT: a layer of %d bytes through %d breaks: %d bytes fetched (%.2fx)%n", SIZE, broken.get(),
          bodyBytesSent.get(), bodyBytesSent.get() / (double) SIZE);
      assertEquals(broken.get(), ranged.get(), "each break went on with a Range request: " + breaking.seen());
      // What the proxy put on the wire before each reset, not what the client read: a reset drops
      // what sat unread in the client's receive buffer (several MiB on loopback, more when the
      // machine is busy; CI once saw 10 breaks and 1.64x), and the client resumes from what it
      // read. Restarting from zero would never get past the first break; the Range checks below
      // are the proof of resuming, this bound only that nothing runs away.
      assertTrue(bodyBytesSent.get() <= SIZE * 2, "fetched " + bodyBytesSent.get() + " bytes for a layer of " + SIZE);
      assertEquals(1, breaking.seen().stream().filter(s -> s.method().equals("GET") && s.path().endsWith(layerDigest)).count() - ranged.get(),
          "one GET from the start, the rest from where the last one broke");
      assertEquals(broken.get(), run.stderr().lines().filter(l -> l.contains("the connection broke after")).count(), run.stderr());
    }
  }
}
