package dev.imagesync.registry;

import java.io.IOException;
import java.io.OutputStream;

/** A blob's bytes, produced on demand into an output stream (so a layer is never held whole). */
@FunctionalInterface
public interface BlobContent {
  void writeTo(OutputStream out) throws IOException;
}
