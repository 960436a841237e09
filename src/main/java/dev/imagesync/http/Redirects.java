package dev.imagesync.http;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * Follows redirects of GET and HEAD (Docker Hub and most clouds send blob reads to a CDN; a raw
 * file host may move a URL), each hop through the whole chain below. A hop to another host
 * carries no {@code Authorization}; in the registry chain the authentication layer below adds
 * credentials for the registry's own host only, so a presigned URL is sent with its own alone.
 */
public final class Redirects implements Transport {

  public static final int MAX_HOPS = 5;

  private final Transport next;

  public Redirects(Transport next) {
    this.next = next;
  }

  @Override
  public Response send(Request request) throws IOException {
    boolean follow = request.method().equals("GET") || request.method().equals("HEAD");
    Request current = request;
    for (int hop = 0; ; hop++) {
      Response response = next.send(current);
      int status = response.status();
      Optional<String> location = response.headers().first("Location");
      if (!follow || !isRedirect(status) || location.isEmpty() || hop == MAX_HOPS) {
        return response;
      }
      response.discard();
      URI target = response.uri().resolve(location.get().strip());
      // A new host gets none of the headers meant for the old one.
      current = Request.authorityOf(target).equals(current.authority()) ? current.withUri(target)
          : current.withUri(target).withoutHeader("Authorization");
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}
