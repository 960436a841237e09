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
