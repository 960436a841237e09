package dev.imagesync.registry;

import dev.imagesync.image.Digest;
import dev.imagesync.image.Manifest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source read through a mirror of its registry ({@code --registry-mirror ORIGIN=MIRROR}: a
 * pull-through cache, a company mirror): content comes from the mirror first, and from the origin
 * where the mirror lacks it or fails. What a tag means is asked at the origin (a HEAD, which no
 * pull limit counts), and manifests are then read by digest — content-addressed, their bytes
 * checked against it — so a stale or lying mirror cannot change what is copied. Trusted ({@code
 * --registry-mirror-trust}), the mirror resolves tags too, for an origin that cannot be reached.
 * Blobs are checked by the destination against their digest as always. Referrers come from the
 * origin: signatures are the origin's word.
 */
final class MirroredSource implements RepositoryClient {

  private static final Logger LOG = LoggerFactory.getLogger(MirroredSource.class);

  private final RepositoryClient origin;
  private final RepositoryClient mirror;
  private final String mirrorName;
  private final boolean trusted;
  private final AtomicBoolean warned = new AtomicBoolean();

  MirroredSource(RepositoryClient origin, RepositoryClient mirror, String mirrorName, boolean trusted) {
    this.origin = origin;
    this.mirror = mirror;
    this.mirrorName = mirrorName;
    this.trusted = trusted;
  }

  @Override
  public Optional<ManifestHead> headManifest(String reference) {
    if (Digest.isDigest(reference) || trusted) {
      Optional<ManifestHead> there = fromMirror(() -> mirror.headManifest(reference));
      if (there.isPresent()) {
        return there;
      }
    }
    return origin.headManifest(reference);
  }

  @Override
  public Optional<Manifest> getManifest(String reference) {
    if (Digest.isDigest(reference)) {
      Digest wanted = Digest.parse(reference);
      Optional<Manifest> there = fromMirror(() -> mirror.getManifest(reference)).filter(m -> {
        boolean right = m.digest().equals(wanted);
        if (!right) {
          warnOnce(mirrorName + " answered " + reference + " with other bytes (" + m.digest() + "): read from the origin");
        }
        return right;
      });
      return there.isPresent() ? there : origin.getManifest(reference);
    }
    if (trusted) {
      Optional<Manifest> there = fromMirror(() -> mirror.getManifest(reference));
      return there.isPresent() ? there : origin.getManifest(reference);
    }
    // A tag: what it means is the origin's (a HEAD); its bytes come from the mirror by digest.
    Optional<ManifestHead> head = origin.headManifest(reference);
    if (head.isEmpty()) {
      return Optional.empty();
    }
    return getManifest(head.get().digest().toString());
  }

  @Override
  public List<String> listTags() {
    if (trusted) {
      try {
        return mirror.listTags();
      } catch (RegistryException e) {
        warnOnce(mirrorName + " could not list tags (" + e.getMessage() + "): listed at the origin");
      }
    }
    return origin.listTags();
  }

  @Override
  public Optional<Manifest> referrers(Digest subject, Optional<String> artifactType) {
    return origin.referrers(subject, artifactType);
  }

  @Override
  public boolean blobExists(Digest digest) {
    return fromMirror(() -> Optional.of(mirror.blobExists(digest)).filter(Boolean::booleanValue)).isPresent() || origin.blobExists(digest);
  }

  @Override
  public BlobContent blob(Digest digest) {
    BlobContent near = mirror.blob(digest);
    BlobContent far = origin.blob(digest);
    return () -> {
      try {
        return near.open();
      } catch (IOException e) {
        Optional<RegistryException> why = RegistryException.carriedBy(e);
        if (why.isEmpty() || why.get().kind() != RegistryException.Kind.NOT_FOUND) {
          warnOnce(mirrorName + " failed (" + why.map(RegistryException::getMessage).orElse(String.valueOf(e.getMessage()))
              + "): read from the origin");
        }
        return far.open();
      }
    };
  }

  @Override
  public void putManifest(String reference, Manifest manifest) {
    throw new UnsupportedOperationException("a mirrored source is read, never written");
  }

  @Override
  public BlobPushOutcome pushBlob(Digest digest, long size, BlobContent content, Optional<String> mountFrom) {
    throw new UnsupportedOperationException("a mirrored source is read, never written");
  }

  /** What the mirror says, or empty when it lacks it or failed (then the origin is asked). */
  private <T> Optional<T> fromMirror(java.util.function.Supplier<Optional<T>> ask) {
    try {
      return ask.get();
    } catch (RegistryException e) {
      warnOnce(mirrorName + " failed (" + e.getMessage() + "): read from the origin");
      return Optional.empty();
    }
  }

  private void warnOnce(String what) {
    if (warned.compareAndSet(false, true)) {
      LOG.warn("{}", what);
    } else {
      LOG.debug("{}", what);
    }
  }
}
