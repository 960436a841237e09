package dev.imagesync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP proxy on 127.0.0.1, as corporate and cross-border proxies work: {@code CONNECT
 * host:port} opens a tunnel (https://), and a request in absolute form ({@code GET http://host/…})
 * is forwarded (http://). It resolves one made-up domain, {@code *.imagesync.test}, to 127.0.0.1
 * (keeping the port), and nothing else: a registry addressed by such a name is reachable through
 * this proxy only. With credentials set it answers 407 until a request brings them in {@code
 * Proxy-Authorization}. Every request it sees is logged: method, target, whether credentials came.
 */
public final class ForwardProxy implements AutoCloseable {

  public static final String DOMAIN = ".imagesync.test";

  /** What the proxy was asked: {@code CONNECT} or a method, {@code host:port}, and whether the credentials were right. */
  public record Seen(String method, String target, boolean authorized) {}

  private final ServerSocket server;
  private final String expectedAuthorization;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean closeAfterRefusal;

  public ForwardProxy() throws IOException {
    this(null, null);
  }

  /** A proxy that wants {@code user}:{@code password} (both null: none). */
  public ForwardProxy(String user, String password) throws IOException {
    this.expectedAuthorization = user == null ? null
        : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "test-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  /** {@code name.imagesync.test:PORT} for a server on 127.0.0.1:PORT. */
  public static String nameFor(String name, String loopbackAddress) {
    return name + DOMAIN + loopbackAddress.substring(loopbackAddress.lastIndexOf(':'));
  }

  /** From now on the connection is closed after a 407, as many proxies do (the client must not retry on it). */
  public ForwardProxy closingAfterRefusal() {
    closeAfterRefusal = true;
    return this;
  }

  /** How many requests were refused for want of the right credentials. */
  public long refusals() {
    return seen.stream().filter(s -> !s.authorized()).count();
  }

  public String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        open.add(client);
        Thread t = new Thread(() -> serve(client), "test-proxy-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      while (true) {
        String head = RawHttp.readHead(in);
        if (head == null) {
          return;
        }
        String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
        String method = requestLine[0];
        String target = method.equals("CONNECT") ? requestLine[1] : authorityOf(requestLine[1]);
        boolean authorized = expectedAuthorization == null || head.lines()
            .anyMatch(l -> l.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:")
                && l.substring(l.indexOf(':') + 1).strip().equals(expectedAuthorization));
        seen.add(new Seen(method, target, authorized));
        if (!authorized) {
          drainBody(head, in);
          out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test-proxy\"\r\n"
              + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          if (closeAfterRefusal) {
            return;
          }
          continue; // the client may answer the challenge on this connection
        }
        Socket upstream = connect(target);
        if (upstream == null) {
          out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          return;
        }
        open.add(upstream);
        try (upstream) {
          if (method.equals("CONNECT")) {
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
          } else {
            // The origin gets the request as it came (Go's server takes the absolute form), less
            // the proxy's own header; what follows on this connection is relayed as it is.
            upstream.getOutputStream().write(withoutProxyHeaders(head).getBytes(StandardCharsets.ISO_8859_1));
          }
          relay(client, upstream);
        }
        return;
      }
    } catch (IOException e) {
      // a connection ends
    }
  }

  private static void relay(Socket client, Socket upstream) throws IOException {
    Thread up = new Thread(() -> copy(client, upstream), "test-proxy-up");
    up.setDaemon(true);
    up.start();
    copy(upstream, client);
    try {
      up.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void copy(Socket from, Socket to) {
    byte[] buffer = new byte[64 << 10];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      try {
        to.close();
        from.close();
      } catch (IOException ignored) {
        // closing is all that is left
      }
    }
  }

  private static Socket connect(String target) {
    int colon = target.lastIndexOf(':');
    String host = target.substring(0, colon).toLowerCase(Locale.ROOT);
    int port = Integer.parseInt(target.substring(colon + 1));
    if (!host.endsWith(DOMAIN)) {
      return null; // this proxy resolves its own test domain only
    }
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      return s;
    } catch (IOException e) {
      return null;
    }
  }

  private static String authorityOf(String absoluteUri) {
    URI uri = URI.create(absoluteUri);
    return uri.getHost() + ":" + (uri.getPort() < 0 ? 80 : uri.getPort());
  }

  private static String withoutProxyHeaders(String head) {
    StringBuilder out = new StringBuilder();
    for (String line : head.split("\r\n", -1)) {
      String l = line.toLowerCase(Locale.ROOT);
      if (!l.startsWith("proxy-authorization:") && !l.startsWith("proxy-connection:")) {
        out.append(line).append("\r\n");
      }
    }
    return out.substring(0, out.length() - 2);
  }

  private static void drainBody(String head, InputStream in) throws IOException {
    in.readNBytes((int) RawHttp.contentLength(head));
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
