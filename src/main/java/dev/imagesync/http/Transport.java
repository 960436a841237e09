package dev.imagesync.http;

import java.io.IOException;

/**
 * The one seam every request passes: send it, get the response's headers back with the body
 * still streaming. Registry concerns (user agent, scheme, authentication, rate limits, redirects)
 * are small decorators around it; {@link HttpClientTransport} is the bottom, on the wire.
 */
@FunctionalInterface
public interface Transport {
  Response send(Request request) throws IOException;
}
