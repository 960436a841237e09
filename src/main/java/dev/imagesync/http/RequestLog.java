package dev.imagesync.http;

import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One debug line per request: method, where it went (scheme, host, path: never the query, which
 * may carry an upload's state or a token service's account), status and how long the headers took
 * to come back. What {@code crane -v} and {@code skopeo --debug} show, for reading a run's
 * timeline with {@code --log-level debug}.
 */
public final class RequestLog implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

  private final Transport next;

  public RequestLog(Transport next) {
    this.next = next;
  }

  @Override
  public Response send(Request request) throws IOException {
    if (!LOG.isDebugEnabled()) {
      return next.send(request);
    }
    long start = System.nanoTime();
    try {
      Response response = next.send(request);
      LOG.debug("{} {} -> {} in {} ms", request.method(), withoutQuery(request.uri()), response.status(), millisSince(start));
      return response;
    } catch (IOException | RuntimeException e) {
      LOG.debug("{} {} -> {} after {} ms", request.method(), withoutQuery(request.uri()), e.getClass().getSimpleName(), millisSince(start));
      throw e;
    }
  }

  static String withoutQuery(URI uri) {
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return uri.getScheme() + "://" + uri.getHost() + port + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
