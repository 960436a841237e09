package dev.imagesync.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a server sends never decides how much memory or time a run spends. */
class BoundedReadsTest {

  private static Response response(InputStream body, Duration timeout) {
    return new Response(URI.create("https://r.example/v2/"), 200, new Headers(), body, timeout);
  }

  @Test
  void aSmallBodyIsReadWholeWithinItsLimit() throws Exception {
    byte[] body = "{\"token\":\"t\"}".getBytes();
    assertArrayEquals(body, response(new ByteArrayInputStream(body), Duration.ofSeconds(5)).readAll(1024, "the token response"));
  }

  @Test
  void anEndlessBodyStopsAtTheLimit() {
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 'a';
      }
    };
    BodyTooLarge e = assertThrows(BodyTooLarge.class, () -> response(endless, Duration.ofSeconds(5)).readAll(1 << 20, "the token response"));
    assertEquals("the token response is more than 1 MiB long", e.getMessage());
  }

  @Test
  void aSlowBodyMustArriveWholeWithinTheTimeout() {
    InputStream slow = new InputStream() {
      @Override
      public int read() throws java.io.IOException {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
        return 'a';
      }

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        b[off] = (byte) read();
        return 1;
      }
    };
    long start = System.nanoTime();
    SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> response(slow, Duration.ofSeconds(1)).readAll(1 << 20, "a page of the tag list"));
    assertTrue(e.getMessage().startsWith("a page of the tag list timed out: not whole after 1 s"), e.getMessage());
    assertTrue((System.nanoTime() - start) / 1e9 < 3);
  }

  @Test
  void aStreamBelowTheFloorOverTheWindowIsTrickling() throws Exception {
    RateFloor floor = new RateFloor(Duration.ofSeconds(2));
    floor.read(Duration.ofMillis(1500).toNanos(), 10);
    SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> floor.read(Duration.ofMillis(600).toNanos(), 10));
    assertEquals("the server is trickling: 20 bytes in 2 s of waiting (at least 1024 bytes/s are expected)", e.getMessage());

    RateFloor fine = new RateFloor(Duration.ofSeconds(2));
    for (int i = 0; i < 100; i++) {
      fine.read(Duration.ofMillis(100).toNanos(), 4096); // 40 KiB/s of waiting: a slow link, not a trickle
    }
  }
}
