package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.http.Cancellation;
import dev.imagesync.testing.FakeTransport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OpenUploadsTest {

  private static final URI ONE = URI.create("https://r.test/v2/ns/app/blobs/uploads/one?_state=a");
  private static final URI TWO = URI.create("https://r.test/v2/ns/app/blobs/uploads/two?_state=b");

  private final Map<String, Integer> statusOf = Map.of("one", 204, "two", 500);
  private final FakeTransport registry = new FakeTransport(r -> FakeTransport.response(r, statusOf.get(r.uri().getPath().replaceAll(".*/", ""))));
  private final RepositoryEndpoint at = new RepositoryEndpoint("r.test", "r.test", "ns/app", Access.PUSH, scope -> registry, new TransferMeter(), null);

  @Test
  void abortsTheUploadsInFlightThenDeletesEachSession() {
    OpenUploads open = new OpenUploads();
    Cancellation first = new Cancellation();
    AtomicBoolean aborted = new AtomicBoolean();
    first.bind(() -> aborted.set(!registry.received.stream().anyMatch(r -> r.method().equals("DELETE"))));
    open.opened(ONE, at, first);
    open.opened(TWO, at, new Cancellation());

    CancelledUploads cancelled = open.cancelAll(Duration.ofSeconds(5));

    assertTrue(aborted.get(), "the PUT is aborted before any DELETE: a DELETE during the PUT is undone by it");
    assertEquals(List.of("DELETE", "DELETE"), registry.received.stream().map(r -> r.method()).toList());
    assertEquals(new CancelledUploads(2, 1), cancelled, "the session whose DELETE failed is not confirmed");
    assertEquals(1, open.count(), "and stays known");
  }

  @Test
  void aSessionClosedByItsUploadIsNotDeleted() {
    OpenUploads open = new OpenUploads();
    open.opened(ONE, at, new Cancellation());
    open.closed(ONE);

    assertEquals(new CancelledUploads(0, 0), open.cancelAll(Duration.ofSeconds(5)));
    assertEquals(List.of(), registry.received);
  }

  @Test
  void aSessionOpenedAfterTheStopIsCancelledAsItOpens() {
    OpenUploads open = new OpenUploads();
    open.cancelAll(Duration.ofSeconds(5));

    RegistryException e = assertThrows(RegistryException.class, () -> open.opened(ONE, at, new Cancellation()));
    assertEquals("the run is stopping", e.getMessage());
    assertEquals(List.of("DELETE"), registry.received.stream().map(r -> r.method()).toList());
    assertEquals(0, open.count());
  }

  @Test
  void aCancellationBeforeTheRequestStartsAbortsItAsSoonAsItIsBound() {
    Cancellation c = new Cancellation();
    c.cancel();
    AtomicBoolean aborted = new AtomicBoolean();
    c.bind(() -> aborted.set(true));
    assertTrue(aborted.get());
    assertTrue(c.cancelled());
  }
}
