package dev.imagesync.cli;

import java.util.Locale;

/** This machine's architecture in the OCI's words (amd64, arm64, ...), as docker and skopeo pick a platform by it. */
final class ThisPlatform {

  private ThisPlatform() {}

  static String architecture() {
    String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i686" -> "386";
      case "ppc64le" -> "ppc64le";
      case "s390x" -> "s390x";
      case "riscv64" -> "riscv64";
      default -> arch.startsWith("arm") ? "arm/v7" : "amd64";
    };
  }
}
