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
    assertEquals("ok", twice.attempt("reading", "r", "r", () -> {
      if (calls.incrementAndGet() < 3) {
        throw transientFailure(null);
      }
      return "ok";
    }));
    assertEquals(3, calls.get());

    calls.set(0);
    assertThrows(RegistryException.class, () -> new Retrying.Policy(2, Duration.ZERO).attempt("reading", "r", "r", () -> {
      calls.incrementAndGet();
      throw transientFailure(null);
    }));
    assertEquals(3, calls.get(), "one attempt and two retries");

    calls.set(0);
    assertThrows(RegistryException.class, () -> twice.attempt("reading", "r", "r", () -> {
      calls.incrementAndGet();
      throw transientFailure(null);
    }));
    assertEquals((2 + 1) * Retrying.MAX_ATTEMPTS_PER_RETRY, calls.get(), "r answered a moment ago: its failures are forgiven up to the bound");
  }

  @Test
  void theSameAnswerAgainAndAgainEndsAfterTheRetriesThoughTheRegistryAnswersOtherwise() {
    AtomicInteger calls = new AtomicInteger();
    Retrying.Policy twice = new Retrying.Policy(2, Duration.ZERO);
    RegistryException full = RegistryException.transientFailure(RegistryException.Kind.OTHER,
        "r/a: upload blob 1234 failed: HTTP 500: filesystem full", null, null);
    assertThrows(RegistryException.class, () -> twice.attempt("uploading to", "r/a", "r", () -> {
      calls.incrementAndGet();
      twice.progress().advance("r"); // its other requests go well meanwhile
      throw full;
    }));
    assertEquals(3, calls.get(), "one attempt and two retries, not the bound of " + (2 + 1) * Retrying.MAX_ATTEMPTS_PER_RETRY);

    calls.set(0);
    assertEquals("ok", twice.attempt("uploading to", "r/a", "r", () -> {
      int n = calls.incrementAndGet();
      twice.progress().advance("r");
      if (n < 6) {
        throw RegistryException.transientFailure(RegistryException.Kind.OTHER, "HTTP 500: attempt " + n, null, null);
      }
      return "ok";
    }), "different answers each time: the registry is busy, not refusing");
  }

  @Test
  void nothingIsTriedAgainOnceTheRunIsStopping() {
    AtomicInteger calls = new AtomicInteger();
    Retrying.Policy policy = new Retrying.Policy(5, Duration.ofMillis(200));
    assertThrows(RegistryException.class, () -> policy.attempt("uploading to", "r/a", "r", () -> {
      calls.incrementAndGet();
      policy.progress().stop(); // Ctrl-C while the first attempt runs
      throw transientFailure(null);
    }));
    assertEquals(1, calls.get());
  }

  @Test
  void whatCannotPassFailsAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    assertThrows(RegistryException.class, () -> new Retrying.Policy(5, Duration.ZERO).attempt("reading", "r", "r", () -> {
      calls.incrementAndGet();
      throw new RegistryException(RegistryException.Kind.DENIED, "denied");
    }));
    assertEquals(1, calls.get());
  }

  @Test
  void aRetryAfterIsHonouredAndBackoffGrowsWithJitter() {
    long start = System.nanoTime();
    AtomicInteger calls = new AtomicInteger();
    new Retrying.Policy(1, Duration.ZERO).attempt("reading", "r", "r", () -> {
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

  @Test
  void failuresWhileTheRegistryServesOtherRequestsAreForgivenUpToABound() {
    Retrying.Policy policy = new Retrying.Policy(2, Duration.ZERO);
    AtomicInteger calls = new AtomicInteger();
    // Each failure of this operation comes after another operation at the same registry passed:
    // a lossy link, not a dead registry. It goes on past its 2 retries, and passes on the 6th try.
    assertEquals("ok", policy.attempt("reading", "r/a", "r", () -> {
      if (calls.incrementAndGet() < 6) {
        policy.attempt("checking", "r/b", "r", () -> "other request passed");
        throw transientFailure(null);
      }
      return "ok";
    }));
    assertEquals(6, calls.get());

    calls.set(0);
    assertThrows(RegistryException.class, () -> policy.attempt("reading", "r/a", "r", () -> {
      calls.incrementAndGet();
      policy.attempt("checking", "r/b", "r", () -> "other request passed");
      throw transientFailure(null);
    }));
    assertEquals((2 + 1) * Retrying.MAX_ATTEMPTS_PER_RETRY, calls.get(), "bounded however lucky the rest of the run");

    calls.set(0);
    assertThrows(RegistryException.class, () -> policy.attempt("reading", "q/a", "q", () -> {
      calls.incrementAndGet();
      policy.attempt("checking", "s/b", "s", () -> "another registry's success is no progress here");
      throw transientFailure(null);
    }));
    assertEquals(3, calls.get(), "a registry that never answered: the retries, no more");
  }
}
