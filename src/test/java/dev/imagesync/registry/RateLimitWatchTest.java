package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.http.Request;
import dev.imagesync.testing.FakeTransport;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitWatchTest {

  private static final Request HEAD = Request.of("HEAD", URI.create("https://registry-1.docker.io/v2/library/nginx/manifests/1"));

  @Test
  void dockerHubsFiguresAreRecorded() throws Exception {
    RateLimits limits = new RateLimits();
    FakeTransport wire = new FakeTransport(r -> FakeTransport.response(r, 200, "ratelimit-limit", "100;w=21600", "ratelimit-remaining", "76;w=21600"));
    new RateLimitWatch(wire, "docker.io", limits, true, java.time.Duration.ZERO).send(HEAD);

    assertEquals(new RateLimits.Quota(76, 100, 21600), limits.quotas().get("docker.io"));
  }

  @Test
  void aShortRetryAfterIsAPauseToWaitOut() {
    RateLimits limits = new RateLimits();
    FakeTransport wire = new FakeTransport(r -> FakeTransport.response(r, 429, "Retry-After", "5"));
    RegistryException e = assertThrows(RegistryException.class, () -> new RateLimitWatch(wire, "r.example", limits, false, java.time.Duration.ZERO).send(HEAD));

    assertTrue(e.retryable());
    assertEquals(Duration.ofSeconds(5), e.retryAfter());
    assertTrue(limits.exhaustion("r.example").isEmpty());
  }

  @Test
  void aPullLimitStopsPullsFromThatRegistryAndSaysHowToRaiseIt() {
    RateLimits limits = new RateLimits();
    FakeTransport wire = new FakeTransport(r -> FakeTransport.response(r, 429, "ratelimit-limit", "100;w=21600", "ratelimit-remaining", "0;w=21600"));
    RegistryException e = assertThrows(RegistryException.class, () -> new RateLimitWatch(wire, "docker.io", limits, true, java.time.Duration.ZERO).send(HEAD));

    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("pull limit of docker.io reached"), e.getMessage());
    assertTrue(e.getMessage().contains("the limit counts per 6 h"), e.getMessage());
    assertTrue(e.getMessage().contains("logging in (DOCKERHUB_USERNAME, DOCKERHUB_TOKEN) raises it"), e.getMessage());
    assertTrue(limits.exhaustion("docker.io").isPresent());
  }

  @Test
  void aBare429PausesEveryRequestToThatRegistryDoublingAndTheSummarySaysSo() throws Exception {
    RateLimits limits = new RateLimits();
    java.util.concurrent.atomic.AtomicInteger bare = new java.util.concurrent.atomic.AtomicInteger(2);
    FakeTransport wire = new FakeTransport(r -> bare.getAndDecrement() > 0 ? FakeTransport.response(r, 429)
        : FakeTransport.response(r, 200, "ratelimit-limit", "100;w=21600", "ratelimit-remaining", "100;w=21600"));
    RateLimitWatch hub = new RateLimitWatch(wire, "docker.io", limits, true, Duration.ofMillis(200));

    RegistryException first = assertThrows(RegistryException.class, () -> hub.send(HEAD));
    assertTrue(first.retryable());
    assertEquals(Duration.ofMillis(200), first.retryAfter(), "the first pause is --retry-delay");
    long start = System.nanoTime();
    RegistryException second = assertThrows(RegistryException.class, () -> hub.send(HEAD));
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(190).toNanos(), "the next request waited for the pause");
    assertEquals(Duration.ofMillis(400), second.retryAfter(), "doubled");
    RateLimitWatch other = new RateLimitWatch(wire, "docker.io", limits, true, Duration.ofMillis(200));
    start = System.nanoTime();
    other.send(HEAD);
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(390).toNanos(), "another job's request to the registry waits too");

    RateLimits.Quota q = limits.quotas().get("docker.io");
    assertEquals(100, q.remaining());
    assertEquals(2, q.tooMany(), "the summary says 429s came, though the headers say 100 of 100");
  }
}
