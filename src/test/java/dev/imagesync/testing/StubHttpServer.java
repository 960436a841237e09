package dev.imagesync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A minimal plain-HTTP server on 127.0.0.1 for the few tests whose peer cannot be a real
 * registry. Like a real plain-HTTP server (and unlike the JDK's HttpServer, which waits), it
 * drops a connection that opens with a TLS handshake, so an HTTPS-first client falls back at once.
 */
public final class StubHttpServer implements AutoCloseable {

  /**
   * A response: status, headers, body ({@code null} for none); with {@code pauseAfter} > 0 the
   * body stops for {@code pauseMillis} after that many bytes (a stream that stalls mid-way).
   */
  public record Reply(int status, Map<String, String> headers, byte[] body, int pauseAfter, long pauseMillis, int cutAfter,
      java.util.function.Supplier<InputStream> stream, long trickleMillis) {
    /** {@code cutAfter} for a connection reset instead of any response. */
    public static final int RESET = -2;
    /** Closes the connection without a word (FIN, not RST): the request read, no status line sent. */
    public static final int CLOSE = -3;

    public Reply(int status, Map<String, String> headers, byte[] body, int pauseAfter, long pauseMillis, int cutAfter) {
      this(status, headers, body, pauseAfter, pauseMillis, cutAfter, null, 0);
    }

    /**
     * A body without Content-Length, read from {@code stream} until it ends (or forever, for an
     * endless one), one byte every {@code trickleMillis} when that is above 0.
     */
    public static Reply streaming(int status, Map<String, String> headers, java.util.function.Supplier<InputStream> stream, long trickleMillis) {
      return new Reply(status, headers, null, 0, 0, -1, stream, trickleMillis);
    }

    /** An endless stream of {@code unit}, repeated. */
    public static java.util.function.Supplier<InputStream> endless(String unit) {
      byte[] bytes = unit.getBytes(StandardCharsets.UTF_8);
      return () -> new InputStream() {
        private long at;

        @Override
        public int read() {
          return bytes[(int) (at++ % bytes.length)] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          for (int i = 0; i < len; i++) {
            b[off + i] = bytes[(int) (at++ % bytes.length)];
          }
          return len;
        }
      };
    }

    public Reply(int status, Map<String, String> headers, byte[] body, int pauseAfter, long pauseMillis) {
      this(status, headers, body, pauseAfter, pauseMillis, -1);
    }

    public Reply(int status, Map<String, String> headers, byte[] body) {
      this(status, headers, body, 0, 0);
    }

    /** The connection is reset: no status line, nothing. */
    /** No answer at all: the connection is closed as if the server had nothing to say (Amazon ECR's to a push into a missing repository). */
    public static Reply closeUnanswered() {
      return new Reply(0, Map.of(), null, 0, 0, CLOSE);
    }

    public static Reply reset() {
      return new Reply(0, Map.of(), null, 0, 0, RESET);
    }

    /** This reply with its body cut after {@code bytes}, though Content-Length announces it whole. */
    public Reply cutAfter(int bytes) {
      return new Reply(status, headers, body, pauseAfter, pauseMillis, bytes, stream, trickleMillis);
    }

    /** This reply with its body pausing {@code millis} after {@code bytes} (a slow drip). */
    public Reply pausing(int bytes, long millis) {
      return new Reply(status, headers, body, bytes, millis, cutAfter, stream, trickleMillis);
    }

    public static Reply of(int status) {
      return new Reply(status, Map.of(), null);
    }
  }

  /** A request as received: method, path, headers (names lower-cased) and body. */
  public record Received(String method, String path, Map<String, String> headers, byte[] body) {}

  private final ServerSocket socket;
  private final Thread acceptor;
  private final java.util.List<Received> received = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** {@code handler} gets the method and path of each request. */
  public StubHttpServer(BiFunction<String, String, Reply> handler) throws IOException {
    this(InetAddress.getLoopbackAddress(), r -> handler.apply(r.method(), r.path()));
  }

  /** Listens on {@code address} (any 127.x.y.z is loopback); {@code handler} sees headers too. */
  public StubHttpServer(InetAddress address, java.util.function.Function<Received, Reply> handler) throws IOException {
    socket = new ServerSocket(0, 50, address);
    acceptor = new Thread(() -> {
      while (!socket.isClosed()) {
        Socket accepted;
        try {
          accepted = socket.accept();
        } catch (IOException e) {
          continue; // shutdown
        }
        // One thread per connection: a client running jobs in parallel is served in parallel.
        Thread t = new Thread(() -> {
          try (Socket s = accepted) {
            serve(s, handler, received);
          } catch (IOException e) {
            // a dropped connection (TLS probe, reset) or shutdown
          }
        }, "stub-http-conn");
        t.setDaemon(true);
        t.start();
      }
    }, "stub-http");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String address() {
    return socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort();
  }

  /** Every request received so far. */
  public java.util.List<Received> received() {
    return java.util.List.copyOf(received);
  }

  private static void serve(Socket s, java.util.function.Function<Received, Reply> handler, java.util.List<Received> received) throws IOException {
    s.setSoTimeout(5000);
    PushbackInputStream in = new PushbackInputStream(s.getInputStream());
    int first = in.read();
    if (first < 0 || first == 0x16) {
      return; // TLS ClientHello on a plain-HTTP port: refuse it, as real servers do
    }
    in.unread(first);
    // Read the head byte by byte: a buffered reader would swallow the start of the body.
    LineReader reader = new LineReader(in);
    String requestLine = reader.readLine();
    Map<String, String> requestHeaders = new LinkedHashMap<>();
    for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        requestHeaders.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    String[] parts = requestLine == null ? new String[0] : requestLine.split(" ");
    if (parts.length < 2) {
      return;
    }
    Received request = new Received(parts[0], parts[1], Map.copyOf(requestHeaders), readBody(in, requestHeaders));
    received.add(request);
    Reply reply = handler.apply(request);
    if (reply.cutAfter() == Reply.RESET) {
      s.setSoLinger(true, 0); // close sends RST
      return;
    }
    if (reply.cutAfter() == Reply.CLOSE) {
      return; // closed by the caller: FIN, no answer
    }
    if (reply.stream() != null) {
      writeStreamed(s, reply, !parts[0].equals("HEAD"));
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>(reply.headers());
    byte[] body = reply.body() == null ? new byte[0] : reply.body();
    headers.put("Content-Length", String.valueOf(body.length));
    headers.put("Connection", "close");
    StringBuilder head = new StringBuilder("HTTP/1.1 " + reply.status() + " X\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    OutputStream out = s.getOutputStream();
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!parts[0].equals("HEAD")) {
      if (reply.cutAfter() >= 0 && reply.cutAfter() < body.length) {
        out.write(body, 0, reply.cutAfter());
        out.flush();
        s.setSoLinger(true, 0);
        return; // the body ends short of its Content-Length
      }
      int beforePause = reply.pauseAfter() > 0 ? Math.min(reply.pauseAfter(), body.length) : body.length;
      out.write(body, 0, beforePause);
      out.flush();
      if (beforePause < body.length) {
        try {
          Thread.sleep(reply.pauseMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        out.write(body, beforePause, body.length - beforePause);
      }
    }
    out.flush();
  }

  /** A streamed reply: no Content-Length, the body ends when the connection closes (or never). */
  private static void writeStreamed(Socket s, Reply reply, boolean withBody) throws IOException {
    StringBuilder head = new StringBuilder("HTTP/1.1 " + reply.status() + " X\r\n");
    reply.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Connection: close\r\n\r\n");
    OutputStream out = s.getOutputStream();
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    if (!withBody) {
      return;
    }
    try (InputStream in = reply.stream().get()) {
      byte[] buffer = new byte[reply.trickleMillis() > 0 ? 1 : 8192];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
        if (reply.trickleMillis() > 0) {
          try {
            Thread.sleep(reply.trickleMillis());
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  /** Reads CRLF-terminated lines from a stream without reading past them. */
  private static final class LineReader {
    private final InputStream in;

    LineReader(InputStream in) {
      this.in = in;
    }

    String readLine() throws IOException {
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      for (int c = in.read(); c >= 0; c = in.read()) {
        if (c == '\n') {
          String s = line.toString(StandardCharsets.ISO_8859_1);
          return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
        line.write(c);
      }
      return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** The request body: by Content-Length, or de-chunked. */
  private static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
    String length = headers.get("content-length");
    if (length != null) {
      return in.readNBytes(Integer.parseInt(length.trim()));
    }
    if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
      java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
      LineReader lines = new LineReader(in);
      while (true) {
        String sizeLine = lines.readLine();
        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
        if (size == 0) {
          for (String trailer = lines.readLine(); trailer != null && !trailer.isEmpty(); trailer = lines.readLine()) {
            // trailers are ignored
          }
          return body.toByteArray();
        }
        body.write(in.readNBytes(size));
        lines.readLine(); // the CRLF after each chunk
      }
    }
    return new byte[0];
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
