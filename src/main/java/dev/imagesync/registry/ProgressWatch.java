package dev.imagesync.registry;

import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.http.Transport;
import java.io.IOException;

/**
 * Counts the registry's real answers (anything but a 5xx, 408 or 429) as progress, for {@link
 * Retrying}: a registry that answers most requests is on a lossy link and worth retrying, one
 * that answers nothing is gone. Counted per request, not per operation, so that an upload whose
 * POST passed and whose PUT was reset counts as a link that works.
 */
final class ProgressWatch implements Transport {

  private final Transport next;
  private final String registry;
  private final Retrying.Progress progress;

  ProgressWatch(Transport next, String registry, Retrying.Progress progress) {
    this.next = next;
    this.registry = registry;
    this.progress = progress;
  }

  @Override
  public Response send(Request request) throws IOException {
    Response response = next.send(request);
    int status = response.status();
    if (status < 500 && status != 408 && status != 429) {
      progress.advance(registry);
    }
    return response;
  }
}
