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
    new RateLimitWatch(wire, "docker.io", limits, true).send(HEAD);

    assertEquals(new RateLimits.Quota(76, 100, 21600), limits.quotas().get("docker.io"));
  }

  @Test
  void aShortRetryAfterIsAPauseToWaitOut() {
    RateLimits limits = new RateLimits();
    FakeTransport wire = new FakeTransport(r -> FakeTransport.response(r, 429, "Retry-After", "5"));
    RegistryException e = assertThrows(RegistryException.class, () -> new RateLimitWatch(wire, "r.example", limits, false).send(HEAD));

    assertTrue(e.retryable());
    assertEquals(Duration.ofSeconds(5), e.retryAfter());
    assertTrue(limits.exhaustion("r.example").isEmpty());
  }

  @Test
  void aPullLimitStopsPullsFromThatRegistryAndSaysHowToRaiseIt() {
    RateLimits limits = new RateLimits();
    FakeTransport wire = new FakeTransport(r -> FakeTransport.response(r, 429, "ratelimit-limit", "100;w=21600", "ratelimit-remaining", "0;w=21600"));
    RegistryException e = assertThrows(RegistryException.class, () -> new RateLimitWatch(wire, "docker.io", limits, true).send(HEAD));

    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("pull limit of docker.io reached"), e.getMessage());
    assertTrue(e.getMessage().contains("the limit counts per 6 h"), e.getMessage());
    assertTrue(e.getMessage().contains("logging in (DOCKERHUB_USERNAME, DOCKERHUB_TOKEN) raises it"), e.getMessage());
    assertTrue(limits.exhaustion("docker.io").isPresent());
  }
}
