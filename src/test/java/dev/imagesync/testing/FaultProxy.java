package dev.imagesync.testing;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proxy in front of a real registry that breaks a share of the requests on purpose, the way a
 * congested border link does: connections reset before any answer, 500 and 503, 429 with
 * Retry-After, bodies cut short of their Content-Length, bodies that pause mid-way. Seeded, so
 * a failing run can be repeated. {@link #down()} makes it refuse everything from then on.
 */
public final class FaultProxy implements AutoCloseable {

  /** The kinds of fault, as counted in {@link #injected()}. */
  public enum Fault { RESET, HTTP_500, HTTP_503, HTTP_429, CUT_BODY, SLOW_BODY }

  private final TestProxy proxy;
  private final Random random;
  private final double rate;
  private volatile boolean down;
  private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();

  public FaultProxy(String upstreamAddress, double rate, long seed) throws IOException {
    this.rate = rate;
    this.random = new Random(seed);
    this.proxy = new TestProxy(upstreamAddress, this::before, this::after);
  }

  public String address() {
    return proxy.address();
  }

  /** From now on every connection is reset: the registry is gone. */
  public void down() {
    down = true;
  }

  /** How many faults of each kind were injected so far. */
  public Map<Fault, Integer> injected() {
    Map<Fault, Integer> counts = new java.util.EnumMap<>(Fault.class);
    injected.forEach((k, v) -> counts.put(k, v.get()));
    return counts;
  }

  public int total() {
    return injected.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private synchronized Optional<Fault> draw() {
    if (random.nextDouble() >= rate) {
      return Optional.empty();
    }
    Fault[] all = Fault.values();
    return Optional.of(all[random.nextInt(all.length)]);
  }

  /** Faults decided before the registry sees the request. */
  private final ThreadLocal<Fault> pending = new ThreadLocal<>();

  private Optional<StubHttpServer.Reply> before(TestProxy.Seen seen) {
    if (down) {
      return Optional.of(StubHttpServer.Reply.reset());
    }
    Optional<Fault> fault = draw();
    pending.remove();
    if (fault.isEmpty()) {
      return Optional.empty();
    }
    Fault f = fault.get();
    switch (f) {
      case RESET:
        count(f);
        return Optional.of(StubHttpServer.Reply.reset());
      case HTTP_500:
        count(f);
        return Optional.of(new StubHttpServer.Reply(500, Map.of("Content-Type", "application/json"),
            "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"injected fault\"}]}".getBytes()));
      case HTTP_503:
        count(f);
        return Optional.of(new StubHttpServer.Reply(503, Map.of(), "upstream unavailable".getBytes()));
      case HTTP_429:
        count(f);
        return Optional.of(new StubHttpServer.Reply(429, Map.of("Retry-After", "1"), null));
      default:
        pending.set(f); // the registry answers, then the answer is damaged
        return Optional.empty();
    }
  }

  private StubHttpServer.Reply after(TestProxy.Seen seen, StubHttpServer.Reply reply) {
    Fault f = pending.get();
    pending.remove();
    if (f == null) {
      return reply;
    }
    int length = reply.body() == null ? 0 : reply.body().length;
    if (length < 2 || seen.method().equals("HEAD")) {
      count(Fault.RESET); // nothing to cut or slow: the connection drops instead
      return StubHttpServer.Reply.reset();
    }
    count(f);
    return f == Fault.CUT_BODY ? reply.cutAfter(length / 2) : reply.pausing(length / 2, 300);
  }

  private void count(Fault f) {
    injected.computeIfAbsent(f, k -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public void close() throws IOException {
    proxy.close();
  }
}
