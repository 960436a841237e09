package dev.imagesync.registry;

/**
 * What a run shares: how registries may be reached, what was learned about registries that may
 * speak plain HTTP, the pooled connections, where credentials come from, the pull limits
 * registries announced, and how failed requests are retried.
 */
public record RegistryContext(
    TransportPolicy policy, TransportProbe probe, HttpTransport transport, CredentialProvider credentials, RateLimits rateLimits,
    Retrying.Policy retries, TransferMeter meter) {

  public static RegistryContext of(TransportPolicy policy, CredentialProvider credentials, Retrying.Policy retries) {
    TransportProbe probe = new TransportProbe();
    return new RegistryContext(policy, probe, new HttpTransport(policy, probe), credentials, new RateLimits(), retries, new TransferMeter());
  }
}
