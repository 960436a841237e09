package dev.imagesync.sync;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of what a run sent to destinations; shared across jobs, thread-safe. */
public final class CopyStats {
  final AtomicLong blobsUploaded = new AtomicLong();
  final AtomicLong blobsMounted = new AtomicLong();
  final AtomicLong blobsPresent = new AtomicLong();
  final AtomicLong bytesUploaded = new AtomicLong();
  final AtomicLong manifestsPut = new AtomicLong();
  final AtomicLong referrersCarried = new AtomicLong();
  final AtomicLong referrersPresent = new AtomicLong();
  final AtomicLong lackingPlatforms = new AtomicLong();

  /** Images whose source lacked a platform their entry asked for (each a warning; the others were copied). */
  public long lackingPlatforms() {
    return lackingPlatforms.get();
  }

  /** Signatures, attestations and SBOMs written to destinations. */
  public long referrersCarried() {
    return referrersCarried.get();
  }

  /** Referrers the destinations already had. */
  public long referrersPresent() {
    return referrersPresent.get();
  }

  public long blobsUploaded() {
    return blobsUploaded.get();
  }

  public long blobsMounted() {
    return blobsMounted.get();
  }

  public long blobsPresent() {
    return blobsPresent.get();
  }

  public long bytesUploaded() {
    return bytesUploaded.get();
  }

  public long manifestsPut() {
    return manifestsPut.get();
  }
}
