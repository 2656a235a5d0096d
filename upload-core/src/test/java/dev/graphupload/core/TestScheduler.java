package dev.graphupload.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scheduler whose waits take no time: it advances a {@link TestClock} and records them. */
public final class TestScheduler implements Scheduler {

  private final TestClock clock;
  private final List<Duration> delays = new CopyOnWriteArrayList<>();

  public TestScheduler(TestClock clock) {
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Void> delay(Duration delay) {
    delays.add(delay);
    clock.advance(delay);
    return CompletableFuture.completedFuture(null);
  }

  /** Every wait asked for, in order. */
  public List<Duration> delays() {
    return List.copyOf(delays);
  }
}
