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

  /** The policy: --insecure-registry hosts plus those another source (auth.yaml) marks insecure. */
  TransportPolicy transportPolicy(java.util.Set<String> alsoInsecure) {
    java.util.Set<String> hosts = new LinkedHashSet<>(insecureRegistries);
    hosts.addAll(alsoInsecure);
    return new TransportPolicy(hosts);
  }
}
