package dev.graphupload.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to, both as the wall clock and as the monotonic ticker (the
 * ticker reads the nanoseconds since the clock's start, so a {@link #jump} moves the wall clock
 * alone). Thread safe.
 */
public final class TestClock extends Clock implements Ticker {

  private final AtomicReference<Instant> now;
  private final AtomicLong ticks = new AtomicLong();

  public TestClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  public TestClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  public void advance(Duration by) {
    now.updateAndGet(t -> t.plus(by));
    ticks.addAndGet(by.toNanos());
  }

  /** Sets the wall clock forward or back by {@code by} without any time passing. */
  public void jump(Duration by) {
    now.updateAndGet(t -> t.plus(by));
  }

  @Override
  public long nanos() {
    return ticks.get();
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("TestClock is UTC only");
  }
}
