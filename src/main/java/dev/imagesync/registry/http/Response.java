package dev.imagesync.registry.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * A response whose headers have arrived. Its body streams from the connection; closing the
 * body (or the response) returns the connection to the pool when the body was read to its end.
 */
public final class Response implements AutoCloseable {

  private final URI uri;
  private final int status;
  private final Headers headers;
  private final InputStream body;

  Response(URI uri, int status, Headers headers, InputStream body) {
    this.uri = uri;
    this.status = status;
    this.headers = headers;
    this.body = body;
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

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // the connection is dropped; nothing else to do
    }
  }
}
