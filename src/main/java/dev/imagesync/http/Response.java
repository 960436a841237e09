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

  public Response(URI uri, int status, Headers headers, InputStream body) {
    this.uri = uri;
    this.status = status;
    this.headers = headers;
    this.body = body == null ? InputStream.nullInputStream() : body;
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
    try (InputStream in = body) {
      return new String(in.readNBytes(MAX_UNWANTED_BYTES), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** A body that is not wanted: a short one is read so the connection can be reused. */
  public void discard() {
    try (InputStream in = body) {
      in.readNBytes(MAX_UNWANTED_BYTES);
    } catch (IOException e) {
      // the connection is dropped; nothing else to do
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
