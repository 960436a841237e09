package dev.imagesync.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A response whose headers have arrived. Its body streams from the connection; closing it returns
 * the connection to the pool once the body was read to its end (a short rest is read first), and
 * drops the connection when much is left unread, rather than reading a layer nobody wants.
 */
public final class Response implements AutoCloseable {

  /** Error bodies and other bodies nobody wants are read this far at most. */
  public static final int MAX_UNWANTED_BYTES = 64 << 10;

  private final URI uri;
  private final int status;
  private final Headers headers;
  private final InputStream body;
  private final long deadline;
  private final java.time.Duration timeout;

  public Response(URI uri, int status, Headers headers, InputStream body) {
    this(uri, status, headers, body, Request.DEFAULT_TIMEOUT);
  }

  /** {@code timeout}: how long a small body ({@link #readAll}) may take to arrive whole, from now. */
  public Response(URI uri, int status, Headers headers, InputStream body, java.time.Duration timeout) {
    this.uri = uri;
    this.status = status;
    this.headers = headers;
    this.body = body == null ? InputStream.nullInputStream() : body;
    this.timeout = timeout;
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  /**
   * The whole body of a small response (a manifest, a token, a tag page, an error): at most {@code
   * limit} bytes, arrived within the request's timeout; closes the response. A longer body is a
   * {@link BodyTooLarge}, a slower one a {@link java.net.SocketTimeoutException}: what a server
   * sends never decides how much memory or time a run spends.
   */
  public byte[] readAll(int limit, String what) throws IOException {
    try (InputStream in = body) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.min(limit, 8192));
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (out.size() + n > limit) {
          throw new BodyTooLarge(what + " is more than " + describe(limit) + " long");
        }
        out.write(buffer, 0, n);
        if (System.nanoTime() > deadline) {
          throw new java.net.SocketTimeoutException(what + " timed out: not whole after " + timeout.toSeconds() + " s (" + out.size() + " bytes so far)");
        }
      }
      return out.toByteArray();
    }
  }

  private static String describe(int bytes) {
    return bytes >= (1 << 20) && bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes >= 1024 && bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
  }

  /** The URI the request went to (what relative Location headers resolve against). */
  public URI uri() {
    return uri;
  }

  public int status() {
    return status;
  }

  public Headers headers() {
    return headers;
  }

  public InputStream body() {
    return body;
  }

  /** The start of the body as text (an error message), and the response closed. */
  public String text() {
    try {
      return new String(readAll(MAX_UNWANTED_BYTES, "the answer"), StandardCharsets.UTF_8);
    } catch (BodyTooLarge e) {
      return "(an answer of more than 64 KiB, not read)";
    } catch (IOException e) {
      return "";
    }
  }

  /** A body that is not wanted: a short one is read so the connection can be reused. */
  public void discard() {
    try {
      readAll(MAX_UNWANTED_BYTES, "the answer");
    } catch (IOException e) {
      // too long or too slow: the connection is dropped; nothing else to do
    }
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // the connection is dropped; nothing else to do
    }
  }
}
