package dev.imagesync.registry;

import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.http.Transport;
import java.io.IOException;

/** Names imagesync in every request that does not name its own agent. */
final class UserAgent implements Transport {

  static final String VALUE = "imagesync/" + java.util.Objects.requireNonNullElse(ImagesyncVersion.current(), "dev");

  private final Transport next;

  UserAgent(Transport next) {
    this.next = next;
  }

  @Override
  public Response send(Request request) throws IOException {
    return next.send(request.headers().contains("User-Agent") ? request : request.withHeader("User-Agent", VALUE));
  }
}
