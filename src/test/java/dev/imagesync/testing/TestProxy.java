package dev.imagesync.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A reverse proxy on 127.0.0.1 in front of a real registry, for registry behaviour a test needs
 * that distribution does not have (ACR's answers, Docker Hub's rate-limit headers). Each request
 * may be answered by the test's rule instead of the registry; the rest is forwarded, with Location
 * headers rewritten so that uploads keep going through the proxy. Bodies are buffered: test
 * images are small.
 */
public final class TestProxy implements AutoCloseable {

  /** What the proxy saw: method and path. */
  public record Seen(String method, String path) {}

  /** A canned answer: status, headers, body. */
  public record Canned(int status, Map<String, String> headers, String body) {}

  private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "transfer-encoding", "host", "expect",
      "upgrade", "keep-alive", "te", "trailer", "proxy-connection");

  private final StubHttpServer server;
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final String upstream;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile Map<String, String> addedHeaders = Map.of();
  private final Function<Seen, Optional<StubHttpServer.Reply>> before;
  private final java.util.function.BiFunction<Seen, StubHttpServer.Reply, StubHttpServer.Reply> after;
  /** The path a request is forwarded with (its own, unless a test changes it). */
  private volatile Function<Seen, String> forwardedPath = Seen::path;

  public TestProxy(String upstreamAddress, Function<Seen, Optional<Canned>> rule) throws IOException {
    this(upstreamAddress, seen -> rule.apply(seen).map(c -> new StubHttpServer.Reply(c.status(), c.headers(),
        c.body() == null ? null : c.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))), (seen, reply) -> reply);
  }

  /**
   * {@code before} may answer a request instead of the registry; {@code after} may change what
   * the registry answered (cut its body short, slow it down).
   */
  public TestProxy(String upstreamAddress, Function<Seen, Optional<StubHttpServer.Reply>> before,
      java.util.function.BiFunction<Seen, StubHttpServer.Reply, StubHttpServer.Reply> after) throws IOException {
    this.upstream = upstreamAddress;
    this.before = before;
    this.after = after;
    this.server = new StubHttpServer(InetAddress.getLoopbackAddress(), this::answer);
  }

  /**
   * In front of {@code upstream}: every blob body of {@code atLeast} bytes or more sends its first
   * {@code first} bytes, then pauses {@code millis}, while {@code active} says so (a source slow in
   * the middle of a layer, for a run to be stopped, killed or waited on there).
   */
  public static TestProxy pausingBlobs(String upstream, int atLeast, int first, long millis, java.util.function.BooleanSupplier active)
      throws IOException {
    return new TestProxy(upstream, seen -> Optional.empty(), (seen, reply) -> active.getAsBoolean() && seen.method().equals("GET")
        && seen.path().contains("/blobs/") && reply.body() != null && reply.body().length >= atLeast ? reply.pausing(first, millis) : reply);
  }

  public static TestProxy pausingBlobs(String upstream, int atLeast, int first, long millis) throws IOException {
    return pausingBlobs(upstream, atLeast, first, millis, () -> true);
  }

  /** Waits, at most {@code within}, until a request {@code which} accepts has been seen. */
  public void awaitSeen(java.util.function.Predicate<Seen> which, java.time.Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (seen.stream().noneMatch(which) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  public String address() {
    return server.address();
  }

  /**
   * From now on a cross-repository mount ({@code POST …/blobs/uploads/?mount=D&from=R}) reaches
   * the registry as a plain upload request: it answers 202 with an upload session, as a registry
   * that declines the mount does (one that does not allow it, or whose permissions do not).
   */
  public TestProxy decliningMounts() {
    forwardedPath = seen -> seen.method().equals("POST") && seen.path().contains("/blobs/uploads/?") && seen.path().contains("mount=")
        ? seen.path().substring(0, seen.path().indexOf('?')) : seen.path();
    return this;
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Headers added to every response the registry gives (e.g. rate-limit headers). */
  public void addHeaders(Map<String, String> headers) {
    this.addedHeaders = Map.copyOf(headers);
  }

  /** Requests (whole: headers and body) this proxy answers itself, before any other rule: an API beside the registry's. */
  private volatile Function<StubHttpServer.Received, Optional<StubHttpServer.Reply>> ownAnswers = r -> Optional.empty();

  /** From now on {@code answers} may answer a request, seen whole, instead of the registry (e.g. Harbor's /api/v2.0/ on the same host). */
  public TestProxy answering(Function<StubHttpServer.Received, Optional<StubHttpServer.Reply>> answers) {
    this.ownAnswers = answers;
    return this;
  }

  private StubHttpServer.Reply answer(StubHttpServer.Received request) {
    Seen s = new Seen(request.method(), request.path());
    seen.add(s);
    Optional<StubHttpServer.Reply> own = ownAnswers.apply(request);
    if (own.isPresent()) {
      return own.get();
    }
    Optional<StubHttpServer.Reply> canned = before.apply(s);
    if (canned.isPresent()) {
      return canned.get();
    }
    try {
      HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create("http://" + upstream + forwardedPath.apply(s)));
      request.headers().forEach((name, value) -> {
        if (!NOT_FORWARDED.contains(name)) {
          forward.header(name, value);
        }
      });
      forward.method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(request.body()));
      HttpResponse<byte[]> response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      Map<String, String> headers = new LinkedHashMap<>();
      response.headers().map().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":") && !values.isEmpty()) {
          headers.put(name, values.get(0).replace("http://" + upstream, "http://" + address()));
        }
      });
      headers.putAll(addedHeaders);
      return after.apply(s, new StubHttpServer.Reply(response.statusCode(), headers, response.body()));
    } catch (IOException e) {
      return StubHttpServer.Reply.of(502);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return StubHttpServer.Reply.of(502);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
