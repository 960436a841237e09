package dev.imagesync.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StallWatchTest {

  private final StallWatch watch = new StallWatch();

  /** Writes {@code bytes} every 100 ms for {@code millis}, or until cancelled. */
  private static void write(StallWatch.Watched w, CountDownLatch cancelled, int bytes, long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end && cancelled.getCount() > 0) {
      if (bytes > 0) {
        w.progress(bytes);
      }
      Thread.sleep(100);
    }
  }

  @Test
  void aServerThatTakesAFewBytesASecondIsTrickling() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    StallWatch.Watched w = watch.watch(cancelled::countDown, Duration.ofSeconds(1));
    write(w, cancelled, 10, 5000); // 100 bytes/s: moving, but under the floor

    assertTrue(cancelled.await(0, TimeUnit.SECONDS), "cancelled");
    assertTrue(w.why().startsWith("the upload is trickling: the server accepted "), w.why());
  }

  @Test
  void aServerThatTakesNothingHasStalled() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    StallWatch.Watched w = watch.watch(cancelled::countDown, Duration.ofSeconds(1));

    assertTrue(cancelled.await(5, TimeUnit.SECONDS), "cancelled");
    assertTrue(w.why().startsWith("the upload stalled: the server accepted no bytes for 1 s"), w.why());
  }

  @Test
  void aServerAboveTheFloorIsLeftAlone() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    StallWatch.Watched w = watch.watch(cancelled::countDown, Duration.ofSeconds(1));
    write(w, cancelled, 2000, 3500); // 20 KB/s
    w.done();

    assertFalse(w.fired());
    assertTrue(cancelled.getCount() == 1);
  }
}
