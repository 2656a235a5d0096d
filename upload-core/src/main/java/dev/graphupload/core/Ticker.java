package dev.graphupload.core;

/**
 * A monotonic time source, for measuring durations: it never jumps when the wall clock is set. The
 * uploader times sends, retry limits, lock waits and its result's elapsed time with it; the wall
 * clock ({@link java.time.Clock}) only stamps records.
 *
 * <p>Only the difference between two readings of one ticker means anything, as with {@link
 * System#nanoTime()}.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * The current reading.
   *
   * @return nanoseconds since an arbitrary origin fixed for this ticker
   */
  long nanos();

  /**
   * The system's monotonic clock, {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return System::nanoTime;
  }
}
