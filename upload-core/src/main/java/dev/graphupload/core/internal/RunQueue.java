package dev.graphupload.core.internal;

import dev.graphupload.core.GraphUploadException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs one upload's tasks one at a time, in the order posted, on an executor: whatever happens
 * elsewhere (a reply on a transport thread, a store call ending, a backoff ending on a timer, a
 * lease lost on a renewal thread) is posted here, so the upload's state and its listener are only
 * ever touched by one task at a time. Posting gives each task a happens-before edge to the next, so
 * the run's fields need no locks. A task that throws hands its failure to {@code onFailure}.
 */
final class RunQueue {

  private final Executor executor;
  private final Consumer<GraphUploadException> onFailure;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();

  RunQueue(Executor executor, Consumer<GraphUploadException> onFailure) {
    this.executor = executor;
    this.onFailure = onFailure;
  }

  /** Runs {@code task} after every task posted before it. */
  void post(Runnable task) {
    tasks.add(task);
    if (queued.getAndIncrement() == 0) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    do {
      Runnable task = tasks.poll();
      try {
        task.run();
      } catch (Throwable t) {
        onFailure.accept(Failures.toUploadException(t));
      }
    } while (queued.decrementAndGet() != 0);
  }
}
