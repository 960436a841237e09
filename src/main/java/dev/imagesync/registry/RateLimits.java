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

  /** The latest figures seen for a registry. */
  public record Quota(long remaining, long limit, long windowSeconds) {}

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

  /** The registry refused with 429: {@code reason} says why and when it resets. */
  void exhausted(String registry, String reason) {
    exhausted.putIfAbsent(registry, reason);
  }

  /** Why nothing more may be pulled from {@code registry} in this run, if so. */
  public Optional<String> exhaustion(String registry) {
    return Optional.ofNullable(exhausted.get(registry));
  }

  /** 21600 → "6 h", 120 → "2 min", 90 → "90 s". */
  public static String duration(long seconds) {
    if (seconds > 0 && seconds % 3600 == 0) {
      return seconds / 3600 + " h";
    }
    return seconds > 0 && seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
  }

  public Map<String, Quota> quotas() {
    return Map.copyOf(quotas);
  }
}
