package dev.graphupload.core;

import java.time.Duration;
import java.util.Objects;

/** What the {@link RetryPolicy} decided about a failure. */
public sealed interface RetryDecision {

  /**
   * Wait, ask the server where it stands, and go on.
   *
   * @param delay how long to wait first
   */
  record Retry(Duration delay) implements RetryDecision {
    /** Validates the delay. */
    public Retry {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("A retry delay cannot be negative");
      }
    }
  }

  /**
   * Stop: the failure is fatal, or a bound was reached.
   *
   * @param reason why, for the user
   */
  record GiveUp(String reason) implements RetryDecision {
    /** Validates the reason. */
    public GiveUp {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
