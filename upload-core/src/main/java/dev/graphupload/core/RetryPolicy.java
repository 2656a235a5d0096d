package dev.graphupload.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When to retry a failed call and how long to wait first. Immutable; build one with {@link
 * #custom()} or take {@link #ofDefaults()}.
 *
 * <p>This is the one owner of the rules for giving up. Failures are classified by the {@link
 * FailureTable}: fatal ones stop at once. Others are retried with exponential backoff and jitter,
 * bounded by the number of failures in a row and by the time since the first of them; progress (the
 * server confirming more bytes) starts a new run of failures. Throttling waits on a slower scale. A
 * server's {@code Retry-After} hint is honoured: the wait is never shorter than the hint.
 *
 * <p>{@link #decide} is a pure function: the randomness of the jitter comes in as an argument. The
 * waits are two {@link Backoff} values, one for ordinary failures and one for throttling.
 */
public final class RetryPolicy {

  private final int maxAttempts;
  private final Duration maxElapsed;
  private final Backoff backoff;
  private final Backoff throttledBackoff;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.maxElapsed = builder.maxElapsed;
    this.backoff = builder.backoff;
    this.throttledBackoff = builder.throttledBackoff;
  }

  /**
   * The defaults: 8 attempts in a row within 10 minutes; backoff from 500 ms doubling to 30 s with
   * ±50% jitter; throttling from 5 s doubling to 2 minutes.
   *
   * @return the default policy
   */
  public static RetryPolicy ofDefaults() {
    return custom().build();
  }

  /**
   * A policy that never retries.
   *
   * @return a policy with one attempt
   */
  public static RetryPolicy noRetries() {
    return custom().maxAttempts(1).build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * Decides what to do about a failure of a known kind: the one place that says when an upload
   * gives up. Transport failures, throttling, offset resyncs and lost sessions all draw on the same
   * budget of attempts and time; progress (the server confirming more bytes) refills it.
   *
   * @param failuresInARow failures since the last progress, this one included ({@code >= 1})
   * @param sinceFirstFailure time since the first of those failures, on a monotonic clock
   * @param kind the failure's kind, from the failure table
   * @param retryHint how long the server asked to wait, or empty
   * @param random a number in {@code [0, 1)} for the jitter
   * @return retry after a delay (zero for {@link FailureKind#OUT_OF_SYNC} unless the server hinted
   *     longer), or give up with a reason
   */
  public RetryDecision decide(
      int failuresInARow,
      Duration sinceFirstFailure,
      FailureKind kind,
      Optional<Duration> retryHint,
      double random) {
    if (kind == FailureKind.FATAL) {
      return new RetryDecision.GiveUp("the failure is not retryable");
    }
    if (failuresInARow >= maxAttempts) {
      return new RetryDecision.GiveUp("reached the limit of " + maxAttempts + " attempts");
    }
    Duration delay =
        kind == FailureKind.OUT_OF_SYNC
            ? Duration.ZERO
            : backoff(kind).delay(failuresInARow, random);
    if (retryHint.isPresent() && retryHint.get().compareTo(delay) > 0) {
      delay = retryHint.get();
    }
    if (sinceFirstFailure.plus(delay).compareTo(maxElapsed) > 0) {
      return new RetryDecision.GiveUp(
          "waiting "
              + Text.duration(delay)
              + " more would pass the retry time limit of "
              + Text.duration(maxElapsed));
    }
    return new RetryDecision.Retry(delay);
  }

  /**
   * The backoff for failures of a kind: the throttled one for {@link FailureKind#THROTTLED}, the
   * ordinary one otherwise.
   *
   * @param kind the failure's kind
   * @return its backoff
   */
  public Backoff backoff(FailureKind kind) {
    return kind == FailureKind.THROTTLED ? throttledBackoff : backoff;
  }

  /**
   * The wait before retry number {@code failuresInARow} of a failure of this kind, before any
   * server hint: {@code backoff(kind).delay(failuresInARow, random)}.
   *
   * @param failuresInARow failures since the last progress, {@code >= 1}
   * @param kind {@link FailureKind#THROTTLED} for the slow scale, otherwise the normal one
   * @param random a number in {@code [0, 1)}
   * @return the delay, between zero and the maximum backoff of that scale
   */
  public Duration backoff(int failuresInARow, FailureKind kind, double random) {
    return backoff(kind).delay(failuresInARow, random);
  }

  /**
   * The most failures in a row before giving up.
   *
   * @return the bound, {@code >= 1}
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * The longest a run of failures may last before giving up.
   *
   * @return the bound
   */
  public Duration maxElapsed() {
    return maxElapsed;
  }

  /**
   * The longest wait computed by backoff for a failure of this kind (a server hint may be longer).
   *
   * @param kind the failure's kind
   * @return the cap of that scale
   */
  public Duration maxBackoff(FailureKind kind) {
    return backoff(kind).max();
  }

  /**
   * A builder that starts from this policy's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder()
        .maxAttempts(maxAttempts)
        .maxElapsed(maxElapsed)
        .backoff(backoff)
        .throttledBackoff(throttledBackoff);
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts="
        + maxAttempts
        + ", maxElapsed="
        + maxElapsed
        + ", backoff="
        + backoff
        + ", throttled="
        + throttledBackoff
        + "]";
  }

  /** Builds a {@link RetryPolicy}; each value is checked as it is set. Not thread safe. */
  public static final class Builder {
    private int maxAttempts = 8;
    private Duration maxElapsed = Duration.ofMinutes(10);
    private Backoff backoff = Backoff.doubling(Duration.ofMillis(500), Duration.ofSeconds(30));
    private Backoff throttledBackoff =
        Backoff.doubling(Duration.ofSeconds(5), Duration.ofMinutes(2));

    private Builder() {}

    /**
     * The most failures in a row before giving up; 1 means never retry.
     *
     * @param value {@code >= 1}
     * @return this builder
     */
    public Builder maxAttempts(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + value);
      }
      this.maxAttempts = value;
      return this;
    }

    /**
     * The longest a run of failures may last.
     *
     * @param value a non-negative duration
     * @return this builder
     */
    public Builder maxElapsed(Duration value) {
      Objects.requireNonNull(value, "maxElapsed");
      if (value.isNegative()) {
        throw new IllegalArgumentException("maxElapsed cannot be negative: " + value);
      }
      this.maxElapsed = value;
      return this;
    }

    /**
     * The waits after ordinary failures (a cut connection, a timeout, a 5xx).
     *
     * @param value the backoff
     * @return this builder
     */
    public Builder backoff(Backoff value) {
      this.backoff = Objects.requireNonNull(value, "backoff");
      return this;
    }

    /**
     * The waits after throttling replies.
     *
     * @param value the backoff
     * @return this builder
     */
    public Builder throttledBackoff(Backoff value) {
      this.throttledBackoff = Objects.requireNonNull(value, "throttledBackoff");
      return this;
    }

    /**
     * The wait after the first ordinary failure (the cap is raised to it if below).
     *
     * @param value a non-negative duration
     * @return this builder
     */
    public Builder initialBackoff(Duration value) {
      return backoff(backoff.withInitial(value));
    }

    /**
     * How much each wait grows over the previous one, for both backoffs.
     *
     * @param value in {@code [1, 100]}
     * @return this builder
     */
    public Builder multiplier(double value) {
      Backoff ordinary = backoff.withMultiplier(value);
      return backoff(ordinary).throttledBackoff(throttledBackoff.withMultiplier(value));
    }

    /**
     * The cap on any computed wait after an ordinary failure.
     *
     * @param value a duration at least the initial backoff
     * @return this builder
     */
    public Builder maxBackoff(Duration value) {
      return backoff(backoff.withMax(value));
    }

    /**
     * How far a wait is spread around its base value, for both backoffs: 0.5 means ±50%.
     *
     * @param value in {@code [0, 1]}
     * @return this builder
     */
    public Builder jitter(double value) {
      Backoff ordinary = backoff.withJitter(value);
      return backoff(ordinary).throttledBackoff(throttledBackoff.withJitter(value));
    }

    /**
     * The wait after the first throttling reply (the cap is raised to it if below).
     *
     * @param value a non-negative duration
     * @return this builder
     */
    public Builder throttleInitialBackoff(Duration value) {
      return throttledBackoff(throttledBackoff.withInitial(value));
    }

    /**
     * The cap on any computed wait after throttling.
     *
     * @param value a duration at least the throttled initial backoff
     * @return this builder
     */
    public Builder throttleMaxBackoff(Duration value) {
      return throttledBackoff(throttledBackoff.withMax(value));
    }

    /**
     * The policy.
     *
     * @return a new immutable policy
     */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
