package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.Skopeo;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 256 MiB layer copied by a JVM with a 64 MiB heap: it can only pass if the layer streams from
 * the source response into the destination upload without being held whole (and without a
 * temporary file: the JVM's temp dir is made unwritable for the run).
 */
@ExtendWith(RegistryExtension.class)
class LargeLayerIT {

  private static final long SIZE = 256L << 20;

  @TempDir Path tmp;

  @Test
  void a256MiBLayerCopiesWithA64MiBHeap(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry dst = new RawRegistry(dstRegistry);
    String layerDigest = digest(new PseudoRandomStream(SIZE));
    src.pushBlob("big/layer", layerDigest, SIZE, () -> new PseudoRandomStream(SIZE));
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8);
    String configDigest = src.pushBlob("big/layer", config);
    byte[] manifest = ("{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"" + TestImages.OCI_MANIFEST + "\",\n"
        + "  \"config\": {\"mediaType\": \"application/vnd.oci.image.config.v1+json\", \"digest\": \"" + configDigest + "\", \"size\": " + config.length + "},\n"
        + "  \"layers\": [{\"mediaType\": \"application/vnd.oci.image.layer.v1.tar\", \"digest\": \"" + layerDigest + "\", \"size\": " + SIZE + "}]\n}\n")
        .getBytes(StandardCharsets.UTF_8);
    src.pushManifest("big/layer", "v1", TestImages.OCI_MANIFEST, manifest);
    Path list = tmp.resolve("images.json");
    Files.writeString(list, "[{\"source\": \"" + src.address() + "/big/layer:v1\", \"target\": \"big\"}]");
    Path noTemp = tmp.resolve("no-temp");
    Files.createDirectory(noTemp);
    noTemp.toFile().setWritable(false);

    Cli.Run run = Cli.run(List.of("-Xmx64m", "-Djava.io.tmpdir=" + noTemp), Map.of(), "sync", list.toString(), "--to", dst.address() + "/ns");

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(1, run.linesStartingWith("copied").size(), run.toString());
    assertArrayEquals(manifest, Skopeo.inspectRaw(dst.address() + "/ns/big:v1"));
    assertEquals(layerDigest, dst.blobDigest("ns/big", layerDigest).orElseThrow());
  }

  private static String digest(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  /** Deterministic incompressible bytes, generated as they are read (never held whole). */
  static final class PseudoRandomStream extends InputStream {
    private final SplittableRandom random = new SplittableRandom(256);
    private long remaining;
    private long word;
    private int wordBytesLeft;

    PseudoRandomStream(long size) {
      this.remaining = size;
    }

    @Override
    public int read() {
      if (remaining <= 0) {
        return -1;
      }
      if (wordBytesLeft == 0) {
        word = random.nextLong();
        wordBytesLeft = 8;
      }
      int b = (int) (word & 0xff);
      word >>>= 8;
      wordBytesLeft--;
      remaining--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      int i = 0;
      while (i < n) {
        if (wordBytesLeft == 0 && n - i >= 8) {
          long v = random.nextLong(); // a whole word at once: same bytes as eight read() calls
          for (int k = 0; k < 8; k++) {
            b[off + i + k] = (byte) (v >>> (8 * k));
          }
          i += 8;
          remaining -= 8;
        } else {
          b[off + i++] = (byte) read();
        }
      }
      return n;
    }
  }
}
