package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryingTest {

  private static RegistryException transientFailure(Duration retryAfter) {
    return RegistryException.transientFailure(RegistryException.Kind.NETWORK, "reset", null, retryAfter);
  }

  @Test
  void whatMayPassIsTriedAgainUpToTheLimit() {
    AtomicInteger calls = new AtomicInteger();
    Retrying.Policy twice = new Retrying.Policy(2, Duration.ZERO);
    assertEquals("ok", twice.attempt("reading", "r", () -> {
      if (calls.incrementAndGet() < 3) {
        throw transientFailure(null);
      }
      return "ok";
    }));
    assertEquals(3, calls.get());

    calls.set(0);
    assertThrows(RegistryException.class, () -> twice.attempt("reading", "r", () -> {
      calls.incrementAndGet();
      throw transientFailure(null);
    }));
    assertEquals(3, calls.get(), "one attempt and two retries");
  }

  @Test
  void whatCannotPassFailsAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    assertThrows(RegistryException.class, () -> new Retrying.Policy(5, Duration.ZERO).attempt("reading", "r", () -> {
      calls.incrementAndGet();
      throw new RegistryException(RegistryException.Kind.DENIED, "denied");
    }));
    assertEquals(1, calls.get());
  }

  @Test
  void aRetryAfterIsHonouredAndBackoffGrowsWithJitter() {
    long start = System.nanoTime();
    AtomicInteger calls = new AtomicInteger();
    new Retrying.Policy(1, Duration.ZERO).attempt("reading", "r", () -> {
      if (calls.incrementAndGet() == 1) {
        throw transientFailure(Duration.ofMillis(1000).dividedBy(5));
      }
      return null;
    });
    assertTrue(System.nanoTime() - start >= 190_000_000L, "waited as the registry asked");
    Retrying.Policy policy = new Retrying.Policy(5, Duration.ofSeconds(1));
    for (int attempt = 0; attempt < 8; attempt++) {
      long ms = policy.backoff(attempt).toMillis();
      long full = Math.min(1000L << attempt, 30_000);
      assertTrue(ms >= full / 2 && ms <= full, "attempt " + attempt + ": " + ms + " ms");
    }
  }
}
