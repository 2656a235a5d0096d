package dev.graphupload.core.transport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Watches one exchange for progress, for an {@link HttpTransport} to enforce {@link
 * TransportRequest#idleTimeout()}: every byte written (reported through this {@link BodyProgress})
 * or read ({@link #activity()}) counts; when none has moved for the idle timeout, {@code onIdle}
 * runs once. Thread safe.
 */
public final class IdleWatch implements BodyProgress {

  private final BodyProgress delegate;
  private volatile long lastActivity = System.nanoTime();

  /**
   * A watch that passes progress on to {@code delegate}.
   *
   * @param delegate told of bytes written
   */
  public IdleWatch(BodyProgress delegate) {
    this.delegate = delegate;
  }

  @Override
  public void bytesWritten(long total) {
    lastActivity = System.nanoTime();
    delegate.bytesWritten(total);
  }

  /** Something moved that is not a body byte written: a connection made, reply bytes read. */
  public void activity() {
    lastActivity = System.nanoTime();
  }

  /**
   * Starts watching: checks when the idle timeout could next have passed, until {@code done}
   * completes.
   *
   * @param idle the idle timeout
   * @param done the exchange; the watch stops once it completes
   * @param schedule runs a task after a delay in milliseconds (the transport's own timer)
   * @param onIdle what to do when nothing moved for {@code idle}; runs at most once
   */
  public void watch(
      Duration idle,
      CompletableFuture<?> done,
      BiConsumer<Runnable, Long> schedule,
      Runnable onIdle) {
    long idleNanos = idle.toNanos();
    Runnable[] check = new Runnable[1];
    check[0] =
        () -> {
          if (done.isDone()) {
            return;
          }
          long quiet = System.nanoTime() - lastActivity;
          if (quiet >= idleNanos) {
            onIdle.run();
          } else {
            schedule.accept(check[0], Math.max(1, (idleNanos - quiet) / 1_000_000));
          }
        };
    schedule.accept(check[0], idle.toMillis());
  }
}
