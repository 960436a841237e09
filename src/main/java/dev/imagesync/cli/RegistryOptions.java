package dev.imagesync.cli;

import dev.imagesync.registry.TransportPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** How registries are reached. */
final class RegistryOptions {

  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
      description = "allow plain HTTP or unverified TLS for this registry (repeatable); loopback registries never need it")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(names = "--ca-cert", paramLabel = "FILE", description = "also trust the certificates of this PEM file (a private CA or a registry's own certificate)")
  java.nio.file.Path caCertificates;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
      description = "make a failed request again up to N times when it may pass: connection resets, timeouts, cut bodies, 408, 429, 5xx (default: ${DEFAULT-VALUE})")
  int retries;

  @Option(names = "--retry-delay", paramLabel = "SECONDS", defaultValue = "1",
      description = "wait about this long before the first retry, doubling each time, with jitter; a registry's Retry-After (up to 60 s) wins (default: ${DEFAULT-VALUE})")
  double retryDelaySeconds;

  dev.imagesync.registry.Retrying.Policy retryPolicy() {
    if (retries < 0 || retries > 100) {
      throw new dev.imagesync.config.InputException("--retries: must be between 0 and 100, got " + retries);
    }
    if (!(retryDelaySeconds >= 0 && retryDelaySeconds <= 600)) {
      throw new dev.imagesync.config.InputException("--retry-delay: must be between 0 and 600 seconds, got " + retryDelaySeconds);
    }
    return new dev.imagesync.registry.Retrying.Policy(retries, java.time.Duration.ofMillis(Math.round(retryDelaySeconds * 1000)));
  }

  /** The policy: --insecure-registry hosts plus those another source (auth.yaml) marks insecure. */
  TransportPolicy transportPolicy(java.util.Set<String> alsoInsecure) {
    if (caCertificates != null) {
      try {
        dev.imagesync.registry.TrustedCertificates.install(caCertificates);
      } catch (java.nio.file.NoSuchFileException e) {
        throw new dev.imagesync.config.InputException("--ca-cert: " + caCertificates + ": no such file");
      } catch (java.io.IOException | java.security.GeneralSecurityException e) {
        throw new dev.imagesync.config.InputException("--ca-cert: " + caCertificates + ": not a PEM certificate bundle (" + e.getMessage() + ")");
      }
    }
    java.util.Set<String> hosts = new LinkedHashSet<>(insecureRegistries);
    hosts.addAll(alsoInsecure);
    return new TransportPolicy(hosts);
  }
}
