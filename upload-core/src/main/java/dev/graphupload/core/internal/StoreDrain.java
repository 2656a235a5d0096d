package dev.graphupload.core.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a closing uploader waits for the store calls its own store executor has begun. */
public final class StoreDrain {

  private static final Logger LOG = LoggerFactory.getLogger(StoreDrain.class);

  private StoreDrain() {}

  /**
   * Shuts {@code executor} down and waits up to {@code seconds} for the calls already begun.
   *
   * @param executor the uploader's own store executor
   * @param seconds the longest wait
   */
  public static void shutdownAndWait(ExecutorService executor, long seconds) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(seconds, TimeUnit.SECONDS)) {
        LOG.warn(
            "A store call was still running {} s after the uploader was closed; it was left to"
                + " finish on its own",
            seconds);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
