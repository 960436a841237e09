package dev.imagesync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bottom transport against a plain socket server: connections are reused when a body was read
 * (or its short rest drained), dropped rather than read when much is left, and a proxy's 407 and
 * a proxy that is down are named as the proxy's.
 */
class HttpClientTransportTest {

  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  /** A server answering each request with what {@code answer} writes; counts connections and bytes sent. */
  private final class Server implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final AtomicInteger connections = new AtomicInteger();
    final AtomicLong bytesSent = new AtomicLong();
    final List<String> heads = new CopyOnWriteArrayList<>();

    Server(BiConsumer<String, OutputStream> answer) throws IOException {
      closing.add(this);
      Thread t = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            Socket s = socket.accept();
            connections.incrementAndGet();
            Thread c = new Thread(() -> {
              try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = new OutputStream() {
                  final OutputStream raw = s.getOutputStream();

                  @Override
                  public void write(int b) throws IOException {
                    raw.write(b);
                    bytesSent.incrementAndGet();
                  }

                  @Override
                  public void write(byte[] b, int off, int len) throws IOException {
                    raw.write(b, off, len);
                    bytesSent.addAndGet(len);
                  }
                };
                for (String head = RawHttp.readHead(in); head != null; head = RawHttp.readHead(in)) {
                  if (!head.toLowerCase().contains("expect: 100-continue")) {
                    in.readNBytes((int) RawHttp.contentLength(head));
                  }
                  heads.add(head);
                  answer.accept(head, out);
                  out.flush();
                }
              } catch (IOException | RuntimeException e) {
                // the client went away
              }
            });
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

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private HttpClientTransport transport(ProxySettings proxies) {
    HttpClientTransport t = new HttpClientTransport(new HttpClientTransport.Options(4, Duration.ofSeconds(5), TlsTrust.system(), proxies));
    closing.add(t);
    return t;
  }

  private static void write(OutputStream out, String text) {
    try {
      out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aBodyReadToItsEndOrNearlyLeavesTheConnectionForTheNextRequest() throws Exception {
    Server server = new Server((head, out) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(1000)));
    HttpClientTransport http = transport(ProxySettings.DIRECT);
    try (Response r = http.send(Request.of("GET", server.uri("/a")))) {
      assertEquals(1000, r.body().readAllBytes().length);
    }
    try (Response r = http.send(Request.of("GET", server.uri("/b")))) {
      assertEquals('x', r.body().read()); // the short rest is drained on close
    }
    http.send(Request.of("HEAD", server.uri("/c"))).close();
    assertEquals(3, server.heads.size());
    assertEquals(1, server.connections.get(), "one connection for all three");
  }

  @Test
  void aLargeBodyNobodyWantsIsNotDownloaded() throws Exception {
    long size = 512L << 20;
    Server server = new Server((head, out) -> {
      write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n");
      byte[] chunk = new byte[64 << 10];
      try {
        for (long sent = 0; sent < size; sent += chunk.length) {
          out.write(chunk);
        }
      } catch (IOException e) {
        throw new IllegalStateException(e); // the client dropped the connection: what we want
      }
    });
    HttpClientTransport http = transport(ProxySettings.DIRECT);
    Response r = http.send(Request.of("GET", server.uri("/layer")));
    r.body().readNBytes(1000);
    r.close();
    Thread.sleep(300);
    assertTrue(server.bytesSent.get() < size / 8, "the rest was not read: " + server.bytesSent.get() + " of " + size + " sent");
    http.send(Request.of("HEAD", server.uri("/again"))).close(); // and the next request gets a connection
  }

  @Test
  void theConnectionOfA429IsNotReusedForItMayHaveBeenClosed() throws Exception {
    // 429 without Connection: close, then the connection is closed: as rate limiters do.
    Server server = new Server((head, out) -> {
      if (head.startsWith("GET /limited")) {
        write(out, "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 2\r\n\r\n{}");
        try {
          out.flush();
        } catch (IOException e) {
          // gone already
        }
        throw new IllegalStateException("closing without a word");
      }
      write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    });
    HttpClientTransport http = transport(ProxySettings.DIRECT);
    try (Response r = http.send(Request.of("GET", server.uri("/limited")))) {
      assertEquals(429, r.status());
      assertEquals("{}", r.text());
    }
    Thread.sleep(100); // the server has closed it by now
    try (Response r = http.send(Request.of("GET", server.uri("/ok")))) {
      assertEquals("ok", r.text());
    }
    assertEquals(2, server.connections.get());
  }

  @Test
  void aLargeUploadAsksToContinueAndAProxysRefusalIsNamed() throws Exception {
    Server proxy = new Server((head, out) -> write(out,
        "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 0\r\n\r\n"));
    ProxySettings settings = ProxySettings.from(java.util.Map.of(), "http://127.0.0.1:" + proxy.socket.getLocalPort());
    HttpClientTransport http = transport(settings);
    Request put = Request.of("PUT", URI.create("http://registry.example/v2/a/blobs/uploads/1?digest=x"))
        .withBody(Body.of(new byte[10])).expectingContinue(true);
    ProxyFailure e = assertThrows(ProxyFailure.class, () -> http.send(put));
    assertEquals("proxy 127.0.0.1:" + proxy.socket.getLocalPort()
        + " asks for credentials (407); give them in the proxy URL (http://user:password@host:port)", e.getMessage());
    String head = proxy.heads.get(0);
    assertTrue(head.startsWith("PUT http://registry.example/v2/a/blobs/uploads/1?digest=x HTTP/1.1"), head);
    assertTrue(head.toLowerCase().contains("expect: 100-continue"), head);
    assertEquals(List.of(), http.proxiesUsed().stream().filter(p -> !p.toString().equals("127.0.0.1:" + proxy.socket.getLocalPort())).toList());
  }

  @Test
  void aProxyThatIsDownIsNamed() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    HttpClientTransport http = transport(ProxySettings.from(java.util.Map.of("HTTPS_PROXY", "127.0.0.1:" + closed), null));
    ProxyFailure e = assertThrows(ProxyFailure.class, () -> http.send(Request.of("GET", URI.create("https://registry.example/v2/"))));
    assertTrue(e.getMessage().startsWith("proxy 127.0.0.1:" + closed + " cannot be reached ("), e.getMessage());
    assertTrue(e.mayPass());
  }

  @Test
  void theTraceShowsAUriWithoutItsQuery() {
    assertEquals("https://cdn.example/blob?…", HttpClientTransport.traced(URI.create("https://cdn.example/blob?X-Amz-Signature=abc&t=1")));
    assertEquals("http://r.example/v2/", HttpClientTransport.traced(URI.create("http://r.example/v2/")));
  }
}
