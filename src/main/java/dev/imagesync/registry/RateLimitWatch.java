package dev.imagesync.registry;

import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.http.Transport;
import dev.imagesync.image.ImageReference;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Watches what a registry says about its limits: Docker Hub's {@code ratelimit-*} headers are
 * recorded for the summary, and a 429 ends the request here as a {@link RegistryException}. A 429
 * with a Retry-After the run can wait for (at most {@link Retrying#MAX_RETRY_AFTER}) is a pause
 * to wait out; one with no word about limits at all pauses every request of the run to that
 * registry, one shared back-off ({@link RateLimits#slowDown}). Otherwise it is the registry's pull limit:
 * nothing more is pulled from that registry in this run, rather than hammering it, and the
 * message says when the limit resets, as far as the registry tells.
 */
final class RateLimitWatch implements Transport {

  private final Transport next;
  private final String registry;
  private final RateLimits limits;
  private final boolean anonymous;

  /** The first shared pause after a bare 429 (--retry-delay). */
  private final Duration firstPause;

  RateLimitWatch(Transport next, String registry, RateLimits limits, boolean anonymous, Duration firstPause) {
    this.next = next;
    this.registry = registry;
    this.limits = limits;
    this.anonymous = anonymous;
    this.firstPause = firstPause;
  }

  @Override
  public Response send(Request request) throws IOException {
    limits.awaitPace(registry);
    Response response = next.send(request);
    response.headers().first("ratelimit-remaining").ifPresent(remaining ->
        limits.record(registry, response.headers().first("ratelimit-limit").orElse(null), remaining));
    if (response.status() == 429) {
      throw rateLimited(response);
    }
    limits.answered(registry);
    return response;
  }

  private RegistryException rateLimited(Response response) {
    String body = response.text();
    Optional<Duration> wait = RegistryErrors.retryAfter(response);
    Optional<String> limit = response.headers().first("ratelimit-limit");
    boolean pullLimit = response.headers().first("ratelimit-remaining").isPresent() || limit.isPresent();
    String said = body.isBlank() ? "HTTP 429 Too Many Requests" : ErrorBodies.describe(429, body);
    if (wait.isEmpty() && !pullLimit) {
      // Says nothing of how long: the whole run's requests to it wait together, longer each time.
      Duration pause = limits.slowDown(registry, firstPause);
      return RegistryException.transientFailure(RegistryException.Kind.RATE_LIMITED,
          registry + " asks to slow down (" + said + "; every request to it waits " + Math.max(1, pause.toSeconds()) + " s)", null,
          pause.isZero() ? Duration.ofMillis(1) : pause);
    }
    if (wait.isPresent() && wait.get().compareTo(Retrying.MAX_RETRY_AFTER) <= 0) {
      return RegistryException.transientFailure(RegistryException.Kind.RATE_LIMITED,
          registry + " asks to slow down (" + said + ", retry after " + wait.get().toSeconds() + " s)", null, wait.get());
    }
    String resets = "";
    if (wait.isPresent()) {
      resets = "; it resets in " + RateLimits.duration(wait.get().toSeconds());
    } else if (limit.isPresent() && limit.get().matches(".*w=\\d+.*")) {
      resets = "; the limit counts per " + RateLimits.duration(Long.parseLong(limit.get().replaceAll(".*w=(\\d+).*", "$1")));
    }
    String hint = registry.equals(ImageReference.DOCKER_HUB) && anonymous
        ? "; logging in (DOCKERHUB_USERNAME, DOCKERHUB_TOKEN) raises it" : "";
    // A HEAD's 429 has no body to quote (Docker Hub's neither).
    String reason = "pull limit of " + registry + " reached (" + said + ")" + resets + hint
        + "; nothing more is pulled from " + registry + " in this run";
    limits.exhausted(registry, reason);
    return new RegistryException(RegistryException.Kind.RATE_LIMITED, reason);
  }
}
