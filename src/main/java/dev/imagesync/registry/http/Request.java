package dev.imagesync.registry.http;

import java.net.URI;
import java.time.Duration;

/**
 * One HTTP request. {@code readTimeout} bounds every wait for bytes from the server, the
 * response's headers and each read of its body alike: a stream that stops moving fails then.
 */
public record Request(String method, URI uri, Headers headers, Body body, Duration readTimeout) {

  public Request {
    if (body == null) {
      body = Body.EMPTY;
    }
  }

  /** A body is sent only with methods that carry one; HEAD and GET never do. */
  boolean sendsBody() {
    return !(method.equals("GET") || method.equals("HEAD")) || body.length() > 0;
  }
}
