package dev.imagesync.image;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A platform as an index entry states it ({@code os}, {@code architecture}, optional {@code
 * variant}), or as a user asks for it ({@code amd64}, {@code arm/v7}, {@code linux/arm64}).
 *
 * <p>A requested platform without a variant matches every variant of its architecture ({@code
 * arm64} matches {@code arm64/v8}); a requested platform without an OS means {@code linux}, as
 * docker's {@code --platform} does. A requested {@code os.version} ({@code
 * windows/amd64:10.0.17763}) matches entries whose {@code os.version} starts with it, as a prefix of
 * whole dot-separated parts: {@code 10.0.17763} matches {@code 10.0.17763.5329}, not {@code
 * 10.0.177630}.
 */
public record Platform(String os, String architecture, Optional<String> variant, Optional<String> osVersion) {

  /** Architectures that occur in real indexes (GOARCH values). */
  public static final Set<String> KNOWN_ARCHITECTURES =
      Set.of(
          "amd64", "arm64", "arm", "386", "ppc64le", "ppc64", "s390x", "riscv64", "mips64le",
          "mips64", "mipsle", "mips", "loong64", "wasm");

  private static final Map<String, String> ALIASES =
      Map.of("x86_64", "amd64", "x86-64", "amd64", "aarch64", "arm64", "i386", "386", "armhf", "arm");

  private static final Set<String> KNOWN_OS =
      Set.of("linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos",
          "aix", "plan9", "wasip1", "js");

  public Platform {
    variant = variant.filter(v -> !v.isEmpty());
    osVersion = osVersion.filter(v -> !v.isEmpty());
  }

  public Platform(String os, String architecture, Optional<String> variant) {
    this(os, architecture, variant, Optional.empty());
  }

  public static Platform of(String os, String architecture, String variant) {
    return new Platform(os, architecture, Optional.ofNullable(variant));
  }

  public static Platform of(String os, String architecture, String variant, String osVersion) {
    return new Platform(os, architecture, Optional.ofNullable(variant), Optional.ofNullable(osVersion));
  }

  /**
   * Parses a user's platform: {@code ARCH}, {@code ARCH/VARIANT}, {@code OS/ARCH} or {@code
   * OS/ARCH/VARIANT}, each optionally followed by {@code :OS_VERSION} (docker's own spelling,
   * {@code windows/amd64:10.0.17763}). Throws {@link IllegalArgumentException} naming what is wrong.
   */
  public static Platform parseRequested(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    String osVersion = null;
    int colon = t.indexOf(':');
    if (colon >= 0) {
      osVersion = t.substring(colon + 1);
      t = t.substring(0, colon);
      if (!osVersion.matches("[0-9a-z][0-9a-z._-]{0,63}")) {
        throw new IllegalArgumentException("invalid os.version '" + osVersion + "' in '" + text + "' (such as 10.0.17763)");
      }
    }
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty architecture");
    }
    String[] parts = t.split("/", -1);
    String os = "linux";
    String arch;
    String variant = null;
    if (parts.length == 1) {
      arch = parts[0];
    } else if (parts.length == 2) {
      if (KNOWN_OS.contains(parts[0])) {
        os = parts[0];
        arch = parts[1];
      } else {
        arch = parts[0];
        variant = parts[1];
      }
    } else if (parts.length == 3) {
      os = parts[0];
      arch = parts[1];
      variant = parts[2];
    } else {
      throw new IllegalArgumentException("'" + text + "' is not a platform (expected ARCH, ARCH/VARIANT or OS/ARCH[/VARIANT])");
    }
    arch = ALIASES.getOrDefault(arch, arch);
    if (!KNOWN_ARCHITECTURES.contains(arch)) {
      throw new IllegalArgumentException(
          "unknown architecture '" + text + "' (known: amd64, arm64, arm/v7, arm/v6, 386, ppc64le, s390x, riscv64, ...)");
    }
    if (!KNOWN_OS.contains(os)) {
      throw new IllegalArgumentException("unknown operating system '" + os + "' in '" + text + "'");
    }
    // Any variant the OCI spec's free-form field may hold (v7, v8.2, rva22u64, sse2), not a typo of a path.
    if (variant != null && !variant.matches("[a-z0-9][a-z0-9._+-]{0,31}")) {
      throw new IllegalArgumentException("invalid variant '" + variant + "' in '" + text + "' (letters, digits, . _ + -, such as v7, v8 or rva22u64)");
    }
    return of(os, arch, variant, osVersion);
  }

  /**
   * Whether an actual platform (from an index entry or image config) is what this request names.
   * A request without variant takes every variant; with one, variants compare as containerd
   * normalizes them: an {@code arm64} entry without variant is {@code arm64/v8}, {@code amd64} is
   * {@code amd64/v1}, {@code arm} is {@code arm/v7}.
   */
  public boolean matches(Platform actual) {
    return os.equals(actual.os)
        && architecture.equals(actual.architecture)
        && (variant.isEmpty() || normalVariant(architecture, variant).equals(normalVariant(actual.architecture, actual.variant)))
        && (osVersion.isEmpty() || actual.osVersion.filter(v -> v.equals(osVersion.get()) || v.startsWith(osVersion.get() + ".")).isPresent());
  }

  private static String normalVariant(String architecture, Optional<String> variant) {
    if (variant.isPresent()) {
      return variant.get();
    }
    return switch (architecture) {
      case "arm64" -> "v8";
      case "amd64" -> "v1";
      case "arm" -> "v7";
      default -> "";
    };
  }

  /** {@code unknown/unknown}: how BuildKit marks attestation manifests in an index. */
  public boolean isUnknown() {
    return "unknown".equals(os) && "unknown".equals(architecture);
  }

  @Override
  public String toString() {
    return os + "/" + architecture + variant.map(v -> "/" + v).orElse("") + osVersion.map(v -> ":" + v).orElse("");
  }
}
