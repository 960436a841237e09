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
 * pass (see {@link RegistryException#retryable()}), after an exponential backoff with jitter, or
 * after the registry's Retry-After when it gave one. How often follows progress: an operation
 * gives up after {@code retries} failures in a row during which its registry answered nothing
 * else either (and had not for {@link #RECENT}); a failure while the registry goes on answering
 * is bad luck on a lossy link, forgiven, and tried again (up to {@link #MAX_ATTEMPTS_PER_RETRY} times
 * the retries in all). A registry that is gone stops a run after the retries; a link that drops
 * one request in four still gets every image across. Every
 * operation can be made again whole: reads and manifest PUTs are idempotent, and a blob upload
 * starts a fresh upload session and reads its source again from the first byte.
 */
public final class Retrying implements RepositoryClient {

  /** A Retry-After longer than this is not waited for: the failure is reported instead. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** However lucky the rest of the run, an operation is made at most this many times (retries + 1). */
  static final int MAX_ATTEMPTS_PER_RETRY = 4;

  /**
   * A failure within this long of the registry's last real answer is still on a working link:
   * the last requests of a run have no others beside them to show that the link works.
   */
  static final Duration RECENT = Duration.ofSeconds(15);

  /** Real answers per registry, and when the last came: what tells a lossy link from a dead one. */
  public static final class Progress {
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> done = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Long> last = new java.util.concurrent.ConcurrentHashMap<>();

    long at(String registry) {
      java.util.concurrent.atomic.AtomicLong n = done.get(registry);
      return n == null ? 0 : n.get();
    }

    /** Whether the registry answered for real within {@link #RECENT}. */
    boolean recent(String registry) {
      Long t = last.get(registry);
      return t != null && System.nanoTime() - t < RECENT.toNanos();
    }

    void advance(String registry) {
      done.computeIfAbsent(registry, r -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
      last.put(registry, System.nanoTime());
    }

    private volatile boolean stopped;

    /** The run is being stopped (Ctrl-C, SIGTERM): from now on nothing is tried again. */
    public void stop() {
      stopped = true;
    }

    boolean stopped() {
      return stopped;
    }
  }
  private static final Logger LOG = LoggerFactory.getLogger(Retrying.class);

  /**
   * How often and how patiently: up to {@code retries} failures in a row without progress at the
   * registry, the first retry after about {@code initialDelay}. {@code progress} is shared by
   * every operation of a run.
   */
  public record Policy(int retries, Duration initialDelay, Progress progress) {
    public static final Policy DEFAULT = new Policy(3, Duration.ofSeconds(1));

    public Policy(int retries, Duration initialDelay) {
      this(retries, initialDelay, new Progress());
    }

    public Policy {
      if (retries < 0) {
        throw new IllegalArgumentException("retries must not be negative");
      }
    }

    /**
     * Runs {@code operation} against {@code registry}, again after a wait while it fails in a way
     * that may pass; {@code what} and {@code where} name it in the line that reports each retry.
     */
    public <T> T attempt(String what, String where, String registry, Supplier<T> operation) {
      long seen = progress.at(registry);
      int withoutProgress = 0;
      int sameInARow = 0;
      String last = null;
      int maxAttempts = (retries + 1) * MAX_ATTEMPTS_PER_RETRY;
      for (int attempt = 1; ; attempt++) {
        try {
          T result = operation.get();
          progress.advance(registry);
          return result;
        } catch (RegistryException e) {
          if (!e.retryable() || progress.stopped()) {
            throw e;
          }
          long now = progress.at(registry);
          // Earlier failures are forgiven when the registry served something else since, or
          // answered for real a moment ago; only failures on a silent registry add up.
          // A 429 that says how long to wait (or the run's shared pause, RateLimits.slowDown) is
          // the registry pacing us, not failing: it is waited out and not counted, until the
          // wait reaches its longest — then it counts as any failure.
          boolean pacing = e.kind() == RegistryException.Kind.RATE_LIMITED && !e.retryAfter().isZero()
              && e.retryAfter().compareTo(RateLimits.MAX_PAUSE) < 0;
          withoutProgress = pacing ? Math.max(withoutProgress, 1) : now > seen || progress.recent(registry) ? 1 : withoutProgress + 1;
          seen = now;
          // ... but the same answer to the same operation, again and again (a registry out of
          // disk answering every PUT with one 500), is that registry's answer, however well its
          // other requests go: it ends the operation after the retries too. (Not a broken
          // connection, which says nothing, nor an answer that asks to wait a given time.)
          boolean answer = e.kind() != RegistryException.Kind.NETWORK && e.retryAfter().isZero();
          sameInARow = answer && e.getMessage().equals(last) ? sameInARow + 1 : 1;
          last = answer ? e.getMessage() : null;
          if (withoutProgress > retries || sameInARow > retries || attempt >= maxAttempts) {
            throw e;
          }
          Duration wait = e.retryAfter().isZero() ? backoff(withoutProgress - 1) : e.retryAfter();
          LOG.info("{} {}: {}; trying again in {} (attempt {}, {} of {} failures in a row without progress)", what, where, e.getMessage(),
              seconds(wait), attempt + 1, withoutProgress, retries);
          sleep(wait);
          if (progress.stopped()) {
            throw e; // stopped while waiting: the failure stands, and is not tried again
          }
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
    return policy.attempt(what, where, where.substring(0, Math.max(0, where.indexOf('/'))), operation);
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
  public boolean deleteManifest(String reference) {
    return attempt("deleting " + reference + " in", () -> client.deleteManifest(reference));
  }

  @Override
  public void checkPushable() {
    attempt("checking that it takes a push:", () -> {
      client.checkPushable();
      return null;
    });
  }

  @Override
  public TagDeletion deleteTag(String tag) {
    return attempt("deleting tag " + tag + " in", () -> client.deleteTag(tag));
  }

  @Override
  public Optional<Manifest> referrers(Digest subject, Optional<String> artifactType) {
    return attempt("listing referrers in", () -> client.referrers(subject, artifactType));
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
  public BlobPushOutcome pushBlob(Digest digest, long size, BlobContent content, Optional<String> mountFrom) {
    return attempt("uploading to", () -> client.pushBlob(digest, size, content, mountFrom));
  }
}
