package dev.imagesync.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The parts of an image that can go at the same time — the blobs of a manifest, the children of
 * an index — run in parallel, as go-containerregistry's pusher does, and at most {@code limit}
 * blob uploads run at once in the whole run. On a long link a copy waits on round trips, not on
 * the CPU: what is in flight together shares the waiting. The order contract is kept by the
 * caller: it joins everything a manifest references before it writes the manifest.
 */
final class Transfers implements AutoCloseable {

  private final ExecutorService pool;
  private final Semaphore transfers;
  private final Semaphore copies;

  private Transfers(ExecutorService pool, int limit, int copyLimit) {
    this.pool = pool;
    this.transfers = new Semaphore(limit);
    this.copies = new Semaphore(copyLimit);
  }

  /** Parallel, with at most {@code limit} blob transfers at once. */
  static Transfers parallel(int limit) {
    return parallel(limit, Integer.MAX_VALUE);
  }

  /** Parallel, with at most {@code limit} blob transfers and {@code copyLimit} images being copied at once. */
  static Transfers parallel(int limit, int copyLimit) {
    // Unbounded threads (they mostly wait: for the network, for a transfer permit, for another
    // job's claim): a bounded pool whose tasks wait on tasks of the same pool can starve itself.
    return new Transfers(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "imagesync-transfer");
      t.setDaemon(true);
      return t;
    }), limit, copyLimit);
  }

  /** One at a time, on the caller's thread (a dry run; tests of the copy order). */
  static Transfers sequential() {
    return new Transfers(null, 1, Integer.MAX_VALUE);
  }

  /**
   * Copies one image's content and tags under the run-wide limit of images copied at once
   * ({@code --jobs}); the HEADs that decide whether there is anything to copy go before it, at a
   * concurrency of their own: a run with nothing to do waits on round trips only.
   */
  <T> T copying(java.util.function.Supplier<T> work) {
    copies.acquireUninterruptibly();
    try {
      return work.get();
    } finally {
      copies.release();
    }
  }

  /** Runs every task, in parallel when this is parallel; returns when all ended; rethrows the first failure. */
  void all(List<Runnable> tasks) {
    if (pool == null || tasks.size() <= 1) {
      tasks.forEach(Runnable::run);
      return;
    }
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (Runnable task : tasks.subList(1, tasks.size())) {
      running.add(CompletableFuture.runAsync(task, pool));
    }
    RuntimeException first = null;
    try {
      tasks.get(0).run(); // the caller's thread does a share of the work instead of waiting
    } catch (RuntimeException e) {
      first = e;
    }
    for (CompletableFuture<Void> f : running) {
      try {
        f.join();
      } catch (CompletionException e) {
        if (first == null) {
          first = thrown(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * Starts {@code work} (a request whose answer is needed later) on the pool, or runs it now when
   * this is sequential; {@link #join} takes its result.
   */
  <T> CompletableFuture<T> start(java.util.function.Supplier<T> work) {
    if (pool == null) {
      try {
        return CompletableFuture.completedFuture(work.get());
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return CompletableFuture.supplyAsync(work, pool);
  }

  /** The result of {@link #start}ed work; its failure rethrown as it was thrown. */
  static <T> T join(CompletableFuture<T> started) {
    try {
      return started.join();
    } catch (CompletionException e) {
      throw thrown(e);
    }
  }

  /** What the task threw, as it threw it. */
  private static RuntimeException thrown(CompletionException e) {
    return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
  }

  /** Runs one blob upload under the run-wide limit (the HEADs before it are not limited: they are cheap). */
  <T> T upload(java.util.function.Supplier<T> work) {
    transfers.acquireUninterruptibly();
    try {
      return work.get();
    } finally {
      transfers.release();
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
