package dev.imagesync.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.ClassicHttpResponse;

/**
 * A response body. Closing it before its end reads a short rest (so the connection is reused)
 * but drops the connection when much is left: a layer nobody wants is not downloaded to be
 * thrown away. The connection of an answer that may have ended it (429, 5xx) is dropped always
 * (when the answer has a Content-Length, as registries' errors do: a chunked one hands its
 * connection back when its end is read).
 */
final class ResponseStream extends FilterInputStream {
  private final ClassicHttpResponse response;
  private final RateFloor floor;
  private long remaining;
  private boolean ended;
  private boolean broken;
  private final boolean reusable;

  /**
   * {@code window}: the request's timeout, over which the body must keep to the {@link RateFloor};
   * {@code reusable}: whether the connection may carry another request once this body is read.
   */
  ResponseStream(InputStream in, long length, ClassicHttpResponse response, java.time.Duration window, boolean reusable) {
    super(in);
    this.reusable = reusable;
    this.remaining = length;
    this.response = response;
    this.floor = new RateFloor(window);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (!reusable && remaining == 0) {
      // The whole body is here: asking the connection for its end would hand it back to the
      // pool (HttpClient releases a connection when it sees the end), and it must not be reused.
      ended = true;
      return -1;
    }
    int n;
    long start = System.nanoTime();
    try {
      n = in.read(b, off, len);
      if (n >= 0) {
        floor.read(System.nanoTime() - start, n);
      }
    } catch (IOException e) {
      broken = true;
      throw e;
    }
    if (n < 0) {
      ended = true;
    } else if (remaining > 0) {
      remaining -= n;
    }
    return n;
  }

  @Override
  public void close() {
    if (reusable && (ended || (!broken && remaining >= 0 && remaining <= Response.MAX_UNWANTED_BYTES))) {
      try {
        response.close(); // reads the rest, if any, and returns the connection to the pool
        return;
      } catch (IOException e) {
        // fall through: drop it
      }
    }
    HttpClientTransport.closeNow(response);
  }
}
