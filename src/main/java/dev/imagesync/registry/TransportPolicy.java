package dev.imagesync.registry;

import java.util.Locale;
import java.util.Set;

/**
 * How each registry may be reached. Registries named with {@code --insecure-registry} (or {@code
 * insecure: true} in auth.yaml) may use plain HTTP or TLS without certificate checks. Loopback
 * registries may use plain HTTP without a flag, as Docker allows; one that speaks TLS has its
 * certificate checked like any other. Everything else is HTTPS with verified certificates.
 */
public final class TransportPolicy {

  /** What a registry is allowed. */
  public enum Mode {
    /** HTTPS, certificate verified. */
    SECURE,
    /** Loopback: plain HTTP allowed; TLS, if spoken, verified. */
    LOOPBACK,
    /** Named by the user: plain HTTP or TLS without verification. */
    INSECURE
  }

  private final Set<String> insecureRegistries;

  public TransportPolicy(Set<String> insecureRegistries) {
    this.insecureRegistries = Set.copyOf(insecureRegistries.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
  }

  public static TransportPolicy secureExceptLoopback() {
    return new TransportPolicy(Set.of());
  }

  /** {@code registry} is {@code host[:port]} as written in an image reference. */
  public Mode modeOf(String registry) {
    String r = registry.toLowerCase(Locale.ROOT);
    if (insecureRegistries.contains(r) || insecureRegistries.contains(hostOf(r))) {
      return Mode.INSECURE;
    }
    return isLoopback(r) ? Mode.LOOPBACK : Mode.SECURE;
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
