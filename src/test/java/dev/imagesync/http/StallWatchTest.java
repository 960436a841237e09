package dev.imagesync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StallWatchTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MARGIN = Duration.ofSeconds(5);

  private final StallWatch watch = new StallWatch();
  private final CountDownLatch cancelled = new CountDownLatch(1);

  /**
   * For {@code millis}, or until cancelled, every 100 ms: {@code bytes} go, the write itself
   * taking that time (a server that takes them slowly) or none of it (a source that gives them slowly).
   */
  private void write(StallWatch.Watched w, int bytes, boolean serverSlow, long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end && cancelled.getCount() > 0) {
      if (serverSlow) {
        w.writing();
        Thread.sleep(100);
        w.wrote(bytes);
      } else {
        w.writing();
        w.wrote(bytes);
        Thread.sleep(100);
      }
    }
  }

  @Test
  void aServerThatTakesAFewBytesASecondIsGivenUpAfterTheTimeout() throws Exception {
    StallWatch.Watched w = watch.watch(cancelled::countDown, TIMEOUT, MARGIN);
    write(w, 10, true, 5000); // 100 bytes/s, the writer waiting on the server all along

    assertTrue(cancelled.await(0, TimeUnit.SECONDS), "cancelled");
    assertEquals("the upload stalled: the server took less than 1024 bytes/s for 1 s", w.why());
  }

  @Test
  void aWriteTheServerDoesNotTakeIsGivenUpAfterTheTimeout() throws Exception {
    StallWatch.Watched w = watch.watch(cancelled::countDown, TIMEOUT, MARGIN);
    w.writing(); // and it never returns

    assertTrue(cancelled.await(4, TimeUnit.SECONDS), "cancelled within the timeout and the watch's second");
    assertEquals("the upload stalled: the server took less than 1024 bytes/s for 1 s", w.why());
  }

  @Test
  void aSlowSourceIsTheSourcesToReportNotTheServers() throws Exception {
    StallWatch.Watched w = watch.watch(cancelled::countDown, TIMEOUT, MARGIN);
    write(w, 10, false, 3500); // 100 bytes/s, but the writer waits on its source, not on the server
    w.done();

    assertFalse(w.fired(), w.why());
  }

  @Test
  void aBodyThatDoesNotMoveAtAllIsGivenUpAfterTheMargin() throws Exception {
    StallWatch.Watched w = watch.watch(cancelled::countDown, TIMEOUT, Duration.ofSeconds(1));

    assertTrue(cancelled.await(5, TimeUnit.SECONDS), "cancelled");
    assertEquals("the upload stalled: nothing moved for 2 s", w.why());
  }

  @Test
  void aServerAboveTheFloorIsLeftAlone() throws Exception {
    StallWatch.Watched w = watch.watch(cancelled::countDown, TIMEOUT, MARGIN);
    write(w, 2000, true, 3500); // 20 KB/s
    w.done();

    assertFalse(w.fired(), w.why());
  }
}
