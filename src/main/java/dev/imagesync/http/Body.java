package dev.imagesync.http;

import java.io.IOException;
import java.io.OutputStream;

/** A request body, written straight to the connection as the request goes out. */
public interface Body {

  /** Its length in bytes, or -1 when unknown (then it is sent chunked). */
  long length();

  /** Writes the whole body; called once each time the request is sent. */
  void writeTo(OutputStream out) throws IOException;

  /**
   * Makes the body ready to be written (again): a body streamed from elsewhere opens its source
   * here and waits for its first bytes. Called by whoever sends, or sends again, the request,
   * before it is authorized: a token taken before a slow source starts could expire on the way.
   */
  default void prepare() throws IOException {}

  /** Releases what {@link #prepare} opened, if the body was not written after all. */
  default void release() {}

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
    };
  }
}
