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

  TransportPolicy transportPolicy() {
    return new TransportPolicy(new LinkedHashSet<>(insecureRegistries));
  }
}
