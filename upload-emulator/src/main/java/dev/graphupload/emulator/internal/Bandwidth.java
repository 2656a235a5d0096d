package dev.graphupload.emulator.internal;

/**
 * A bandwidth cap shared by every connection: each batch of bytes books its time on one line, and
 * the caller pauses reading until its booking has passed.
 */
final class Bandwidth {

  private long nextFreeNanos;

  /**
   * Books {@code bytes} at {@code bytesPerSecond}.
   *
   * @return how long the reader should pause, in nanoseconds (0: no pause)
   */
  synchronized long book(long bytes, long bytesPerSecond, long nowNanos) {
    if (bytesPerSecond <= 0) {
      return 0;
    }
    long start = Math.max(nowNanos, nextFreeNanos);
    long cost = (long) (bytes * 1_000_000_000.0 / bytesPerSecond);
    nextFreeNanos = start + cost;
    return Math.max(0, nextFreeNanos - nowNanos);
  }
}
