package dev.graphupload.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Waits without holding a thread: how the uploader sleeps between retries. Injected, so tests run
 * retries without waiting.
 */
@FunctionalInterface
public interface Scheduler {

  /**
   * A future that completes after {@code delay}.
   *
   * @param delay how long to wait, {@code >= 0}
   * @return the future; cancelling it abandons the wait
   */
  CompletableFuture<Void> delay(Duration delay);

  /**
   * Real time, on the JDK's shared delay scheduler.
   *
   * @return the scheduler
   */
  static Scheduler system() {
    return delay ->
        CompletableFuture.runAsync(
            () -> {},
            CompletableFuture.delayedExecutor(
                delay.toNanos(), TimeUnit.NANOSECONDS, Runnable::run));
  }
}
