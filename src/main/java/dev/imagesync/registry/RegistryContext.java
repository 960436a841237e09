package dev.imagesync.registry;

/**
 * What every session of one run shares: how registries may be reached, what was learned about
 * registries that may speak plain HTTP, where credentials come from, and the pull limits registries announced.
 */
public record RegistryContext(TransportPolicy policy, TransportProbe probe, CredentialProvider credentials, RateLimits rateLimits) {

  public static RegistryContext of(TransportPolicy policy, CredentialProvider credentials) {
    return new RegistryContext(policy, new TransportProbe(), credentials, new RateLimits());
  }
}
