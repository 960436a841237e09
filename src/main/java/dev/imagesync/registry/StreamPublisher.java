package dev.imagesync.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.Flow;

/**
 * A request body read from a blocking stream (a source blob) by the thread that sends the
 * request, as the HTTP client asks for it.
 *
 * <p>The JDK's own {@code BodyPublishers.ofInputStream} reads the stream on the client's internal
 * tasks: a source that stalls then holds up the client, which may not even send the request's
 * headers until the next bytes arrive (measured: a stalled source delayed a PATCH's headers by
 * the whole stall, so its token expired on the way). Here blocking reads happen on our thread
 * only, and the client receives bytes no faster than it asks for them, so memory stays bounded.
 */
final class StreamPublisher implements HttpRequest.BodyPublisher {

  private static final int CHUNK = 256 << 10;

  private final InputStream in;
  private final long length;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private Flow.Subscriber<? super ByteBuffer> subscriber;
  private long demand;
  private boolean cancelled;
  private IOException sourceFailure;

  /** {@code length} in bytes, or -1 when unknown (the request is then sent chunked). */
  StreamPublisher(InputStream in, long length) {
    this.in = in;
    this.length = length;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
    lock.lock();
    try {
      if (subscriber != null) {
        // Sent once only: a body that must be sent again is made again (see BlobContent).
        s.onSubscribe(new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {}
        });
        s.onError(new IllegalStateException("a streamed request body can be sent once"));
        return;
      }
      subscriber = s;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    s.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        lock.lock();
        try {
          demand = n <= 0 || demand + n < 0 ? Long.MAX_VALUE : demand + n;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }

      @Override
      public void cancel() {
        lock.lock();
        try {
          cancelled = true;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    });
  }

  /**
   * Feeds the stream to the client until it is all sent, the client cancels, or {@code exchange}
   * ends (the registry answered early, or the connection failed). Runs on the caller's thread.
   */
  void pump(Future<?> exchange) throws InterruptedException {
    Flow.Subscriber<? super ByteBuffer> s;
    while ((s = awaitDemand(exchange)) != null) {
      byte[] chunk = new byte[CHUNK]; // handed over to the client: a new one each time
      int n;
      try {
        n = in.read(chunk);
      } catch (IOException e) {
        sourceFailure = e;
        s.onError(e);
        return;
      }
      if (n < 0) {
        s.onComplete();
        return;
      }
      s.onNext(ByteBuffer.wrap(chunk, 0, n));
    }
  }

  /** The source's read failure, if that is what ended the request. */
  IOException sourceFailure() {
    return sourceFailure;
  }

  private Flow.Subscriber<? super ByteBuffer> awaitDemand(Future<?> exchange) throws InterruptedException {
    lock.lock();
    try {
      while (!cancelled && (subscriber == null || demand == 0)) {
        if (exchange.isDone()) {
          return null;
        }
        changed.await(20, TimeUnit.MILLISECONDS);
      }
      if (cancelled) {
        return null;
      }
      demand--;
      return subscriber;
    } finally {
      lock.unlock();
    }
  }
}
