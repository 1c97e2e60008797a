package io.oodseg.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the clustering groups' jobs of one source, {@code sweep.concurrency} at once, so that one
 * group's driver-side steps overlap another's tasks. After a failure no new group starts; the ones
 * in flight finish (so no part is left half-written by a running job), then the first failure is
 * thrown.
 */
final class GroupRunner {
  private GroupRunner() {}

  /** Runs {@code groups} on at most {@code concurrency} threads; rethrows the first failure. */
  static void run(List<Runnable> groups, int concurrency) {
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, groups.size())));
    AtomicBoolean failed = new AtomicBoolean();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable group : groups) {
        futures.add(
            pool.submit(
                () -> {
                  if (!failed.get()) {
                    try {
                      group.run();
                    } catch (RuntimeException e) {
                      failed.set(true);
                      throw e;
                    }
                  }
                }));
      }
      RuntimeException first = null;
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (first == null) {
            first =
                e.getCause() instanceof RuntimeException r
                    ? r
                    : new IllegalStateException(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(
              "interrupted while waiting for the sweep's clustering groups", e);
        }
      }
      if (first != null) {
        throw first;
      }
    } finally {
      pool.shutdown();
    }
  }
}
