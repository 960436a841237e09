package dev.imagesync.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Bytes moving through blob uploads right now and so far, for progress displays. Thread-safe. */
public final class TransferMeter {

  /** One blob on its way: what it is, how big, how far, and since when ({@link System#nanoTime}). */
  public record Transfer(String name, long size, long done, long startedNanos) {}

  private final LongAdder total = new LongAdder();
  private final Map<Object, Transfer> active = new ConcurrentHashMap<>();

  /** Bytes of blobs sent to destinations so far. */
  public long bytes() {
    return total.sum();
  }

  /** The uploads in flight, largest first. */
  public List<Transfer> active() {
    return active.values().stream().sorted((a, b) -> Long.compare(b.size(), a.size())).toList();
  }

  /** Starts counting one upload; call {@link Handle#add} as bytes go and {@link Handle#close} at the end. */
  Handle start(String name, long size) {
    Handle h = new Handle(name, size);
    active.put(h, new Transfer(name, size, 0, h.started));
    return h;
  }

  final class Handle implements AutoCloseable {
    private final String name;
    private final long size;
    private final AtomicLong done = new AtomicLong();
    private final long started = System.nanoTime();

    private Handle(String name, long size) {
      this.name = name;
      this.size = size;
    }

    void add(long bytes) {
      total.add(bytes);
      long now = done.addAndGet(bytes);
      active.computeIfPresent(this, (k, v) -> new Transfer(name, size, now, started));
    }

    /** A restarted upload sends its bytes again; the total counts what was really sent. */
    @Override
    public void close() {
      active.remove(this);
    }
  }
}
