package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawHttp;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A registry that refuses a blob upload (403, as ACR does for a namespace that does not take
 * pushes) answers before the body is sent, because a large blob goes with {@code Expect:
 * 100-continue}: the destination receives none of the layer, and the source is not read to the
 * end. The destination here answers at once and then keeps reading whatever comes (as HTTP allows),
 * so a client that sent the body anyway would be caught sending it.
 */
@ExtendWith(RegistryExtension.class)
class ExpectContinueIT {

  private static final int LAYER = 48 << 20;

  @Test
  void aRefusedUploadIsAnsweredBeforeTheBodyLeaves(TestRegistry sourceRegistry) throws Exception {
    RawRegistry src = new RawRegistry(sourceRegistry);
    TestImages.InMemory image = TestImages.inMemory("expect-continue", LAYER);
    String layer = src.pushBlob("big/app", image.layer());
    String config = src.pushBlob("big/app", image.config());
    src.pushManifest("big/app", "v1", TestImages.OCI_MANIFEST, image.manifest());
    assertEquals(image.layerDigest(), layer);
    assertEquals(image.configDigest(), config);

    try (CountingRelay source = new CountingRelay(sourceRegistry.address()); RefusingRegistry destination = new RefusingRegistry()) {
      Cli.Run run = Cli.run(List.of(), Map.of(), "copy", source.address() + "/big/app:v1", destination.address() + "/ns/app", "--retries", "0");

      assertEquals(1, run.exitCode(), run.toString());
      String failed = run.linesStartingWith("failed").get(0);
      assertTrue(failed.contains("cannot push to " + destination.address() + "/ns/app: namespace ns does not exist"), failed);
      List<String> puts = destination.putHeads();
      assertTrue(puts.stream().anyMatch(h -> h.contains("expect: 100-continue")), "the layer's PUT asked to continue: " + puts);
      assertEquals(0, destination.bodyBytesAfterRefusal(), "no byte of the body was sent after the refusal");
      assertTrue(source.bytesToClient() < LAYER / 3, "the source was not read to the end: " + source.bytesToClient() + " of " + LAYER);
    }
  }

  /**
   * A registry stand-in that has no blobs and no manifests, opens upload sessions, takes small
   * blobs, and refuses an upload PUT of 1 MiB or more with 403 DENIED as soon as its headers are
   * in; it then counts what else the client sends on that connection for a while.
   */
  private static final class RefusingRegistry implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<String> putHeads = new CopyOnWriteArrayList<>();
    private final AtomicLong afterRefusal = new AtomicLong();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();

    RefusingRegistry() throws IOException {
      Thread t = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            Thread c = new Thread(() -> serve(s));
            c.setDaemon(true);
            c.start();
          } catch (IOException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
    }

    String address() {
      return "127.0.0.1:" + server.getLocalPort();
    }

    List<String> putHeads() {
      return List.copyOf(putHeads);
    }

    long bodyBytesAfterRefusal() throws InterruptedException {
      for (Thread t : readers) {
        t.join(10_000);
      }
      return afterRefusal.get();
    }

    private void serve(Socket s) {
      try (s) {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        for (String head = RawHttp.readHead(in); head != null; head = RawHttp.readHead(in)) {
          String line = head.substring(0, head.indexOf('\r'));
          String lower = head.toLowerCase(Locale.ROOT);
          long length = RawHttp.contentLength(head);
          if (line.startsWith("PUT ") && line.contains("/blobs/uploads/") && length >= (1 << 20)) {
            putHeads.add(lower);
            String body = "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}";
            out.write(("HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nDocker-Distribution-Api-Version: registry/2.0\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            readers.add(Thread.currentThread());
            s.setSoTimeout(3000);
            byte[] buffer = new byte[64 << 10];
            try {
              for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                afterRefusal.addAndGet(n);
              }
            } catch (IOException quiet) {
              // the client closed, or sent nothing for 3 s
            }
            return;
          }
          in.readNBytes((int) length);
          String status = line.startsWith("POST ") ? "202 Accepted\r\nLocation: /v2/ns/app/blobs/uploads/session-1"
              : line.startsWith("PUT ") ? "201 Created" : "404 Not Found"; // a small blob is taken
          out.write(("HTTP/1.1 " + status + "\r\nDocker-Distribution-Api-Version: registry/2.0\r\nContent-Length: 0\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
      } catch (IOException e) {
        // the connection ends
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  /** A TCP relay in front of the source registry that counts the bytes the registry sends. */
  private static final class CountingRelay implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final int upstreamPort;
    private final AtomicLong toClient = new AtomicLong();

    CountingRelay(String upstream) throws IOException {
      this.upstreamPort = Integer.parseInt(upstream.substring(upstream.lastIndexOf(':') + 1));
      Thread t = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket client = server.accept();
            Socket registry = new Socket();
            registry.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
            pump(client, registry, null);
            pump(registry, client, toClient);
          } catch (IOException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
    }

    private static void pump(Socket from, Socket to, AtomicLong counter) {
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[16 << 10];
        try {
          InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream();
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            if (counter != null) {
              counter.addAndGet(n);
            }
          }
        } catch (IOException e) {
          // one side closed
        } finally {
          try {
            from.close();
            to.close();
          } catch (IOException ignored) {
            // closed
          }
        }
      });
      t.setDaemon(true);
      t.start();
    }

    String address() {
      return "127.0.0.1:" + server.getLocalPort();
    }

    long bytesToClient() {
      return toClient.get();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
