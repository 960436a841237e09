package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UploadBodyTest {

  private static final byte[] BLOB = "layer bytes".getBytes(StandardCharsets.UTF_8);

  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicReference<Thread> openedOn = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private BlobContent source() {
    return () -> {
      opened.incrementAndGet();
      openedOn.set(Thread.currentThread());
      return new ByteArrayInputStream(BLOB) {
        @Override
        public void close() {
          closed.set(true);
        }
      };
    };
  }

  @Test
  void openedAheadOnAnotherThreadAndReadOnce() throws Exception {
    UploadBody body = new UploadBody(source(), BLOB.length, new TransferMeter(), "r@1");
    body.openAhead(executor);
    body.prepare();
    body.prepare(); // the request sent again before its body went: still the same stream
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.writeTo(out);

    assertArrayEquals(BLOB, out.toByteArray());
    assertEquals(1, opened.get());
    assertNotEquals(Thread.currentThread(), openedOn.get());
  }

  @Test
  void aFailedOpeningIsThrownByPrepareAndNotTriedTwice() {
    IOException refused = new IOException("source refused");
    UploadBody body = new UploadBody(() -> {
      opened.incrementAndGet();
      throw refused;
    }, BLOB.length, new TransferMeter(), "r@1");
    body.openAhead(executor);

    assertSame(refused, assertThrows(IOException.class, body::prepare));
    assertEquals(1, opened.get());
  }

  @Test
  void releasedBeforeItWasTakenTheSourceIsClosed() {
    UploadBody body = new UploadBody(source(), BLOB.length, new TransferMeter(), "r@1");
    body.openAhead(executor); // e.g. the POST for the session failed
    body.release();

    assertEquals(1, opened.get());
    assertTrue(closed.get());
  }

  @Test
  void sentAgainAfterItWasWrittenTheSourceIsOpenedAgain() throws Exception {
    UploadBody body = new UploadBody(source(), BLOB.length, new TransferMeter(), "r@1");
    body.openAhead(executor);
    body.writeTo(new ByteArrayOutputStream());
    body.prepare();
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    body.writeTo(again);

    assertArrayEquals(BLOB, again.toByteArray());
    assertEquals(2, opened.get());
  }
}
