package dev.imagesync.registry;

/**
 * What every session of one run shares: how registries may be reached, what was learned about
 * loopback registries, where credentials come from, and the pull limits registries announced.
 */
public record RegistryContext(TransportPolicy policy, LoopbackProbe loopback, CredentialProvider credentials, RateLimits rateLimits) {

  public static RegistryContext of(TransportPolicy policy, CredentialProvider credentials) {
    return new RegistryContext(policy, new LoopbackProbe(), credentials, new RateLimits());
  }
}
