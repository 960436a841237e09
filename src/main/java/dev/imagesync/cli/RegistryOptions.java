package dev.imagesync.cli;

import dev.imagesync.http.ProxySettings;
import dev.imagesync.http.TlsTrust;
import dev.imagesync.registry.RegistrySession;
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

  @Option(names = "--proxy", paramLabel = "URL",
      description = "send requests through this HTTP proxy, instead of HTTPS_PROXY, HTTP_PROXY and ALL_PROXY (user and password in the URL for basic auth); NO_PROXY and loopback hosts still go direct")
  String proxy;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "the longest any wait for a server may last: to connect, for an answer, for a whole manifest, token or tag page; "
          + "a stream slower than 1 KiB/s over this long is given up as trickling (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
      description = "make a failed request again up to N times when it may pass: connection resets, timeouts, cut bodies, 408, 429, 5xx (default: ${DEFAULT-VALUE})")
  int retries;

  @Option(names = "--retry-delay", paramLabel = "SECONDS", defaultValue = "1",
      description = "wait about this long before the first retry, doubling each time, with jitter; a registry's Retry-After (up to 60 s) wins (default: ${DEFAULT-VALUE})")
  double retryDelaySeconds;

  @Option(names = "--registry-mirror", paramLabel = "ORIGIN=MIRROR",
      description = "read sources on ORIGIN (e.g. docker.io) from MIRROR first (host[:port][/path]: a pull-through cache, a company "
          + "mirror), from ORIGIN where the mirror lacks them; tags are still resolved at ORIGIN (a HEAD) unless --registry-mirror-trust "
          + "(repeatable; also 'mirror:' under a host in --auth)")
  List<String> registryMirrors = new ArrayList<>();

  @Option(names = "--registry-mirror-trust", description = "resolve tags (and list them) at the mirror too, for origins that cannot be reached")
  boolean trustMirrors;

  /** ORIGIN -> MIRROR: auth.yaml's, then --registry-mirror's over them. */
  java.util.Map<String, String> mirrors(java.util.Map<String, String> fromAuthFile) {
    java.util.Map<String, String> all = new java.util.LinkedHashMap<>();
    fromAuthFile.forEach((origin, mirror) -> all.put(originName(origin, "--auth: mirror of " + origin), mirrorName(mirror, "--auth: mirror of "
        + origin)));
    for (String pair : registryMirrors) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new dev.imagesync.config.InputException("--registry-mirror: " + pair + ": expected ORIGIN=MIRROR (e.g. docker.io=mirror.example.com)");
      }
      all.put(originName(pair.substring(0, eq), "--registry-mirror: " + pair), mirrorName(pair.substring(eq + 1), "--registry-mirror: " + pair));
    }
    if (trustMirrors && all.isEmpty()) {
      throw new dev.imagesync.config.InputException("--registry-mirror-trust: no --registry-mirror to trust");
    }
    return all;
  }

  private static String originName(String text, String where) {
    String t = text.strip().replaceFirst("^https?://", "").replaceFirst("/+$", "").toLowerCase(java.util.Locale.ROOT);
    if (t.isEmpty() || t.contains("/") || t.contains("@")) {
      throw new dev.imagesync.config.InputException(where + ": the origin is a registry host (docker.io, ghcr.io), got " + text);
    }
    return dev.imagesync.image.ImageReference.normaliseRegistry(t);
  }

  private static String mirrorName(String text, String where) {
    String t = text.strip().replaceFirst("^https?://", "").replaceFirst("/+$", "");
    if (!t.matches("[A-Za-z0-9.-]+(:[0-9]+)?(/[a-z0-9._/-]+)?")) {
      throw new dev.imagesync.config.InputException(where + ": the mirror is host[:port][/path], got " + text);
    }
    return t.replaceFirst("^[^/]+", t.replaceFirst("/.*$", "").toLowerCase(java.util.Locale.ROOT));
  }

  dev.imagesync.registry.Retrying.Policy retryPolicy() {
    if (retries < 0 || retries > 100) {
      throw new dev.imagesync.config.InputException("--retries: must be between 0 and 100, got " + retries);
    }
    if (!(retryDelaySeconds >= 0 && retryDelaySeconds <= 600)) {
      throw new dev.imagesync.config.InputException("--retry-delay: must be between 0 and 600 seconds, got " + retryDelaySeconds);
    }
    return new dev.imagesync.registry.Retrying.Policy(retries, java.time.Duration.ofMillis(Math.round(retryDelaySeconds * 1000)));
  }

  java.time.Duration timeout() {
    if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
      throw new dev.imagesync.config.InputException("--timeout: must be between 1 and 3600 seconds, got " + timeoutSeconds);
    }
    return java.time.Duration.ofSeconds(timeoutSeconds);
  }

  /** The policy: --insecure-registry hosts plus those another source (auth.yaml) marks insecure. */
  TransportPolicy transportPolicy(java.util.Set<String> alsoInsecure) {
    java.util.Set<String> hosts = new LinkedHashSet<>(insecureRegistries);
    hosts.addAll(alsoInsecure);
    return new TransportPolicy(hosts);
  }

  /** The proxies of the environment, or --proxy. */
  ProxySettings proxies(java.util.Map<String, String> env) {
    try {
      return ProxySettings.from(env, proxy);
    } catch (IllegalArgumentException e) {
      throw new dev.imagesync.config.InputException(e.getMessage());
    }
  }

  /** The registry session of a run: how registries are reached, with whose credentials. */
  RegistrySession session(CredentialOptions.Resolved auth, int jobs, ProxySettings proxies) {
    return new RegistrySession(transportPolicy(auth.insecureHosts()), auth.provider(), retryPolicy(),
        new RegistrySession.Network(jobs, certificates(), proxies, timeout())).mirroring(mirrors(auth.mirrors()), trustMirrors);
  }

  /** The certificates of --ca-cert, trusted besides the JVM's. */
  private java.util.List<java.security.cert.X509Certificate> certificates() {
    if (caCertificates == null) {
      return java.util.List.of();
    }
    try {
      return TlsTrust.readPem(caCertificates);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new dev.imagesync.config.InputException("--ca-cert: " + caCertificates + ": no such file");
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new dev.imagesync.config.InputException("--ca-cert: " + caCertificates + ": not a PEM certificate bundle (" + e.getMessage() + ")");
    }
  }
}
