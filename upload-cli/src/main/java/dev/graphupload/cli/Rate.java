package dev.graphupload.cli;

import java.util.OptionalLong;

/**
 * How fast bytes go, as a person should read it: the first second's burst — what the socket's
 * buffers take at once, before the network has carried it — is left out, and the rest averaged.
 * Counted from the start, the burst made an upload capped at 28.6 MiB/s read 47.5 MiB/s.
 */
final class Rate {

  /** How long the burst is given before the rate is measured. */
  static final long SETTLE_NANOS = 1_000_000_000L;

  /** How long the rate is measured before it is shown. */
  static final long MEASURE_NANOS = 500_000_000L;

  private long firstNanos = -1;
  private long fromNanos = -1;
  private long fromPosition;

  /**
   * Notes where the transfer is.
   *
   * @param position the bytes sent so far
   * @param nowNanos the time, from {@link System#nanoTime()}
   */
  synchronized void at(long position, long nowNanos) {
    if (firstNanos < 0) {
      firstNanos = nowNanos;
    } else if (fromNanos < 0 && nowNanos - firstNanos >= SETTLE_NANOS) {
      fromNanos = nowNanos;
      fromPosition = position;
    }
  }

  /**
   * The rate.
   *
   * @param position the bytes sent so far
   * @param nowNanos the time
   * @return bytes per second, or empty while it is too early to say
   */
  synchronized OptionalLong bytesPerSecond(long position, long nowNanos) {
    if (fromNanos < 0 || nowNanos - fromNanos < MEASURE_NANOS) {
      return OptionalLong.empty();
    }
    return OptionalLong.of((long) ((position - fromPosition) * 1e9 / (nowNanos - fromNanos)));
  }
}
