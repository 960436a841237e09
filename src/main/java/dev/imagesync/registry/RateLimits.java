package dev.imagesync.registry;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pull limits registries announce (Docker Hub's {@code ratelimit-limit} and {@code
 * ratelimit-remaining}, e.g. {@code 100;w=21600}), for the summary; and registries that answered
 * 429, from which nothing more is pulled in this run. Shared by all sessions of a run.
 */
public final class RateLimits {

  private static final Pattern VALUE = Pattern.compile("\\s*(\\d+)\\s*(?:;\\s*w\\s*=\\s*(\\d+))?.*");

  /**
   * The latest figures seen for a registry ({@code remaining} -1: none announced), and how many of
   * its answers were a 429 that paused the run's requests to it, for how long in all.
   */
  public record Quota(long remaining, long limit, long windowSeconds, long tooMany, long pausedSeconds) {
    public Quota(long remaining, long limit, long windowSeconds) {
      this(remaining, limit, windowSeconds, 0, 0);
    }
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RateLimits.class);
  /** The longest shared pause after a bare 429; one more 429 at this length is the end of waiting. */
  static final java.time.Duration MAX_PAUSE = java.time.Duration.ofSeconds(60);

  /** A registry's shared pause: until when every request to it waits, and how long the last one was. */
  private static final class Pacing {
    long untilNanos;
    java.time.Duration last = java.time.Duration.ZERO;
    long tooMany;
    long pausedMillis;
  }

  private final Map<String, Pacing> pacing = new ConcurrentHashMap<>();

  private final Map<String, Quota> quotas = new ConcurrentHashMap<>();
  private final Map<String, String> exhausted = new ConcurrentHashMap<>();

  void record(String registry, String limitHeader, String remainingHeader) {
    if (remainingHeader == null) {
      return;
    }
    Matcher remaining = VALUE.matcher(remainingHeader);
    if (!remaining.matches()) {
      return;
    }
    Matcher limit = limitHeader == null ? null : VALUE.matcher(limitHeader);
    boolean hasLimit = limit != null && limit.matches();
    long window = remaining.group(2) != null ? Long.parseLong(remaining.group(2))
        : hasLimit && limit.group(2) != null ? Long.parseLong(limit.group(2)) : 0;
    quotas.put(registry, new Quota(Long.parseLong(remaining.group(1)), hasLimit ? Long.parseLong(limit.group(1)) : -1, window));
  }

  /** Whether {@code registry} announced a pull limit in this run. */
  boolean announced(String registry) {
    return quotas.containsKey(registry);
  }

  /** The registry refused with 429: {@code reason} says why and when it resets. */
  void exhausted(String registry, String reason) {
    exhausted.putIfAbsent(registry, reason);
  }

  /** Why nothing more may be pulled from {@code registry} in this run, if so. */
  public Optional<String> exhaustion(String registry) {
    return Optional.ofNullable(exhausted.get(registry));
  }

  /**
   * A bare 429 from {@code registry} (no Retry-After, no limit headers: Docker Hub's overall
   * request limit): every request of the run to it waits — one pause shared by all jobs, so that
   * they do not each hammer it — starting at {@code initial} (--retry-delay) and doubling with
   * each 429 that comes after a pause ended, at most {@link #MAX_PAUSE}. Said once per registry.
   * Returns how long from now the requests wait.
   */
  java.time.Duration slowDown(String registry, java.time.Duration initial) {
    Pacing p = pacing.computeIfAbsent(registry, r -> new Pacing());
    synchronized (p) {
      long now = System.nanoTime();
      p.tooMany++;
      if (now - p.untilNanos < 0) {
        // Sent before the pause began: the same burst, no longer pause for it.
        return java.time.Duration.ofNanos(p.untilNanos - now);
      }
      java.time.Duration next = p.last.isZero() ? (initial.isZero() ? java.time.Duration.ofMillis(500) : initial) : p.last.multipliedBy(2);
      if (next.compareTo(MAX_PAUSE) > 0) {
        next = MAX_PAUSE;
      }
      if (p.last.isZero() && p.pausedMillis == 0) {
        LOG.warn("{} answers 429 Too Many Requests without saying for how long: every request to it waits {} s, longer after each"
            + " further 429 (at most {} s)", registry, Math.max(1, next.toSeconds()), MAX_PAUSE.toSeconds());
      }
      p.last = next;
      p.untilNanos = now + next.toNanos();
      p.pausedMillis += next.toMillis();
      return next;
    }
  }

  /** Waits while {@code registry} is paused. */
  void awaitPace(String registry) throws java.io.InterruptedIOException {
    Pacing p = pacing.get(registry);
    if (p == null) {
      return;
    }
    long wait;
    synchronized (p) {
      wait = p.untilNanos - System.nanoTime();
    }
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while " + registry + " was paused");
      }
    }
  }

  /** {@code registry} answered something other than 429: the next pause starts short again. */
  void answered(String registry) {
    Pacing p = pacing.get(registry);
    if (p != null) {
      synchronized (p) {
        if (System.nanoTime() - p.untilNanos >= 0) {
          p.last = java.time.Duration.ZERO;
        }
      }
    }
  }

  /** 21600 → "6 h", 120 → "2 min", 90 → "90 s". */
  public static String duration(long seconds) {
    if (seconds > 0 && seconds % 3600 == 0) {
      return seconds / 3600 + " h";
    }
    return seconds > 0 && seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
  }

  /** What each registry announced, with its 429s: the summary never says a limit is untouched when 429s came. */
  public Map<String, Quota> quotas() {
    Map<String, Quota> all = new java.util.HashMap<>(quotas);
    pacing.forEach((registry, p) -> {
      synchronized (p) {
        Quota q = all.getOrDefault(registry, new Quota(-1, -1, 0));
        all.put(registry, new Quota(q.remaining(), q.limit(), q.windowSeconds(), p.tooMany, (p.pausedMillis + 999) / 1000));
      }
    });
    return Map.copyOf(all);
  }
}
