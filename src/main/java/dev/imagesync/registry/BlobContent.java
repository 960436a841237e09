package dev.imagesync.registry;

import java.io.IOException;
import java.io.InputStream;

/**
 * A blob's bytes, fetched on demand as a stream (so a layer is never held whole). Each call to
 * {@link #open()} starts a new read from the beginning, so an upload can be started again.
 */
@FunctionalInterface
public interface BlobContent {
  /** The blob from its first byte; the caller closes it. */
  InputStream open() throws IOException;
}
