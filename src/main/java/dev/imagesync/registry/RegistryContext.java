package dev.imagesync.registry;

/**
 * What a run shares: how registries may be reached, what was learned about registries that may
 * speak plain HTTP, the pooled connections, where credentials come from, and the pull limits
 * registries announced.
 */
public record RegistryContext(
    TransportPolicy policy, TransportProbe probe, HttpTransport transport, CredentialProvider credentials, RateLimits rateLimits) {

  public static RegistryContext of(TransportPolicy policy, CredentialProvider credentials) {
    TransportProbe probe = new TransportProbe();
    return new RegistryContext(policy, probe, new HttpTransport(policy, probe), credentials, new RateLimits());
  }
}
