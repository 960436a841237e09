package dev.imagesync.registry.http;

import java.io.IOException;
import java.io.OutputStream;

/** A request body, written straight to the connection. */
public interface Body {

  /** Its length in bytes, or -1 when unknown (then it is sent chunked). */
  long length();

  void writeTo(OutputStream out) throws IOException;

  /** Whether it can be written again (for a request retried on a fresh connection). */
  boolean replayable();

  Body EMPTY = of(new byte[0]);

  static Body of(byte[] bytes) {
    return new Body() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
      }

      @Override
      public boolean replayable() {
        return true;
      }
    };
  }
}
