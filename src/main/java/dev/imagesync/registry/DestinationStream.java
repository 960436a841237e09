package dev.imagesync.registry;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The upload side of a streamed blob copy. Marks its own write failures, so that an I/O error in
 * the middle of a copy can be blamed on the right registry.
 */
final class DestinationStream extends FilterOutputStream {

  private static final class WriteFailed extends IOException {
    WriteFailed(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  DestinationStream(OutputStream out) {
    super(out);
  }

  static boolean failed(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof WriteFailed) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void write(int b) throws IOException {
    try {
      out.write(b);
    } catch (IOException e) {
      throw new WriteFailed(e);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw new WriteFailed(e);
    }
  }

  @Override
  public void flush() throws IOException {
    try {
      out.flush();
    } catch (IOException e) {
      throw new WriteFailed(e);
    }
  }
}
