package io.xgraph.ingest;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The two helper threads of an ingest: decoding runs a few images ahead of inference ({@link
 * Prefetcher}), store writes run behind it ({@link WriteBehind}); both are daemon threads, so a
 * stuck ingest never keeps the JVM alive.
 */
final class IngestThreads {

  private IngestThreads() {}

  /**
   * Runs store writes (float16 conversion, file writes, commits) on one thread behind inference, in
   * order, at most {@link Ingestor#LOOKAHEAD} behind. After a failure no further write runs, so a
   * commit never includes images after a failed one; the failure is rethrown on the caller.
   */
  static final class WriteBehind implements AutoCloseable {
    private final ExecutorService executor = daemonThread("xgraph-ingest-write");
    private final java.util.ArrayDeque<Future<?>> pending = new java.util.ArrayDeque<>();
    private volatile RuntimeException failure;

    void submit(Runnable write) {
      rethrow();
      pending.add(
          executor.submit(
              () -> {
                if (failure != null) {
                  return;
                }
                try {
                  write.run();
                } catch (RuntimeException e) {
                  failure = e;
                }
              }));
      while (pending.size() > Ingestor.LOOKAHEAD) {
        await(pending.poll());
      }
    }

    private static void await(Future<?> f) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }

    private void rethrow() {
      if (failure != null) {
        throw failure;
      }
    }

    /** Waits for every write; afterwards the store writer is free for the calling thread. */
    @Override
    public void close() {
      try {
        while (!pending.isEmpty()) {
          await(pending.poll());
        }
      } finally {
        executor.shutdown();
      }
      rethrow();
    }
  }

  /** One daemon thread named {@code name}, so that a stuck ingest never keeps the JVM alive. */
  static ExecutorService daemonThread(String name) {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /** Prepares items on one background thread, a few ahead, handing them out in order. */
  static final class Prefetcher<T> implements AutoCloseable {
    private final ExecutorService executor = daemonThread("xgraph-ingest-decode");
    private final java.util.ArrayDeque<Future<T>> queue = new java.util.ArrayDeque<>();
    private final IntFunction<T> task;
    private final int count;
    private int submitted;

    Prefetcher(int count, IntFunction<T> task) {
      this.count = count;
      this.task = task;
      fill();
    }

    private void fill() {
      while (queue.size() < Ingestor.LOOKAHEAD && submitted < count) {
        int k = submitted++;
        queue.add(executor.submit(() -> task.apply(k)));
      }
    }

    T next() {
      Future<T> f = queue.poll();
      fill();
      try {
        return f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      }
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }
}
