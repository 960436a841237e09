package dev.imagesync.registry;

import java.util.Locale;
import java.util.Set;

/**
 * Which registries may be reached over plain HTTP or without TLS verification: loopback hosts
 * always (as Docker does), any other host only when the user names it with {@code
 * --insecure-registry}.
 */
public final class TransportPolicy {

  private final Set<String> insecureRegistries;

  public TransportPolicy(Set<String> insecureRegistries) {
    this.insecureRegistries = Set.copyOf(insecureRegistries.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
  }

  public static TransportPolicy secureExceptLoopback() {
    return new TransportPolicy(Set.of());
  }

  /** {@code registry} is {@code host[:port]} as written in an image reference. */
  public boolean allowsInsecure(String registry) {
    String r = registry.toLowerCase(Locale.ROOT);
    return isLoopback(r) || insecureRegistries.contains(r) || insecureRegistries.contains(hostOf(r));
  }

  public static boolean isLoopback(String registry) {
    String host = hostOf(registry.toLowerCase(Locale.ROOT));
    return host.equals("localhost")
        || host.equals("[::1]")
        || host.equals("::1")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  static String hostOf(String registry) {
    if (registry.startsWith("[")) {
      int end = registry.indexOf(']');
      return end < 0 ? registry : registry.substring(0, end + 1);
    }
    int colon = registry.indexOf(':');
    return colon < 0 ? registry : registry.substring(0, colon);
  }
}
