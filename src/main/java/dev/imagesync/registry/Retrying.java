package dev.imagesync.registry;

import dev.imagesync.image.Digest;
import dev.imagesync.image.Manifest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RepositoryClient} that makes each operation again when it failed in a way that may
 * pass (see {@link RegistryException#retryable()}): up to {@code retries} more times, after an
 * exponential backoff with jitter, or after the registry's Retry-After when it gave one. Every
 * operation can be made again whole: reads and manifest PUTs are idempotent, and a blob upload
 * starts a fresh upload session and reads its source again from the first byte.
 */
public final class Retrying implements RepositoryClient {

  /** A Retry-After longer than this is not waited for: the failure is reported instead. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(Retrying.class);

  /** How often and how patiently: {@code retries} more attempts, the first after about {@code initialDelay}. */
  public record Policy(int retries, Duration initialDelay) {
    public static final Policy DEFAULT = new Policy(3, Duration.ofSeconds(1));

    public Policy {
      if (retries < 0) {
        throw new IllegalArgumentException("retries must not be negative");
      }
    }

    /**
     * Runs {@code operation}, again after a wait while it fails in a way that may pass; {@code
     * what} and {@code where} name it in the line that reports each retry.
     */
    public <T> T attempt(String what, String where, Supplier<T> operation) {
      for (int attempt = 0; ; attempt++) {
        try {
          return operation.get();
        } catch (RegistryException e) {
          if (!e.retryable() || attempt >= retries) {
            throw e;
          }
          Duration wait = e.retryAfter().isZero() ? backoff(attempt) : e.retryAfter();
          LOG.info("{} {}: {}; trying again in {} ({}/{})", what, where, e.getMessage(), seconds(wait), attempt + 1, retries);
          sleep(wait);
        }
      }
    }

    /** Full jitter between half and all of initial × 2^attempt, capped: spreads parallel retries. */
    Duration backoff(int attempt) {
      long base = initialDelay.toMillis() << Math.min(attempt, 16);
      long capped = Math.min(base, MAX_BACKOFF.toMillis());
      return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
  }

  private final RepositoryClient client;
  private final Policy policy;
  private final String where;

  Retrying(RepositoryClient client, Policy policy, String where) {
    this.client = client;
    this.policy = policy;
    this.where = where;
  }

  private <T> T attempt(String what, Supplier<T> operation) {
    return policy.attempt(what, where, operation);
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(RegistryException.Kind.NETWORK, "interrupted while waiting to retry");
    }
  }

  @Override
  public Optional<ManifestHead> headManifest(String reference) {
    return attempt("checking", () -> client.headManifest(reference));
  }

  @Override
  public Optional<Manifest> getManifest(String reference) {
    return attempt("reading", () -> client.getManifest(reference));
  }

  @Override
  public void putManifest(String reference, Manifest manifest) {
    attempt("writing", () -> {
      client.putManifest(reference, manifest);
      return null;
    });
  }

  @Override
  public List<String> listTags() {
    return attempt("listing tags of", client::listTags);
  }

  @Override
  public boolean blobExists(Digest digest) {
    return attempt("checking", () -> client.blobExists(digest));
  }

  /** Opening the blob is retried here; a failure in the middle of it, by the upload that reads it. */
  @Override
  public BlobContent blob(Digest digest) {
    BlobContent content = client.blob(digest);
    return () -> {
      try {
        return attempt("reading", () -> {
          try {
            return content.open();
          } catch (IOException e) {
            throw RegistryException.carriedBy(e).orElseGet(() -> RegistryException.transientFailure(
                RegistryException.Kind.NETWORK, where + ": read blob " + digest.shortHex() + " failed: " + e, e, null));
          }
        });
      } catch (RegistryException e) {
        throw new RegistryException.Carrier(e);
      }
    };
  }

  @Override
  public boolean mountBlob(Digest digest, String fromRepository) {
    return attempt("mounting into", () -> client.mountBlob(digest, fromRepository));
  }

  @Override
  public BlobPushOutcome pushBlob(Digest digest, long size, BlobContent content) {
    return attempt("uploading to", () -> client.pushBlob(digest, size, content));
  }
}
