package dev.graphupload.core.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The executors an uploader makes when it is given none, and how it lets them go. */
public final class UploaderThreads {

  private static final Logger LOG = LoggerFactory.getLogger(UploaderThreads.class);

  /** How long a closing uploader waits for the store calls it began. */
  private static final long STORE_DRAIN_SECONDS = 30;

  private UploaderThreads() {}

  /** Two daemon threads that run the uploads' steps. */
  public static ExecutorService newDefaultExecutor() {
    return Executors.newFixedThreadPool(2, daemons("graph-upload-"));
  }

  /** Up to two daemon threads for blocking store calls; none while idle. */
  public static ExecutorService newStoreExecutor() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            2,
            2,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemons("graph-upload-store-"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Shuts {@code executor} down and waits up to 30 s for the calls already begun.
   *
   * @param executor the uploader's own store executor
   */
  public static void shutdownAndWait(ExecutorService executor) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(STORE_DRAIN_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn(
            "A store call was still running {} s after the uploader was closed; it was left to"
                + " finish on its own",
            STORE_DRAIN_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
