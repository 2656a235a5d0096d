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
 * <p>{@link #decide} and {@link #backoff} are pure functions: the randomness of the jitter comes in
 * as an argument.
 */
public final class RetryPolicy {

  private final int maxAttempts;
  private final Duration maxElapsed;
  private final Duration initialBackoff;
  private final double multiplier;
  private final Duration maxBackoff;
  private final double jitter;
  private final Duration throttleInitialBackoff;
  private final Duration throttleMaxBackoff;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.maxElapsed = builder.maxElapsed;
    this.initialBackoff = builder.initialBackoff;
    this.multiplier = builder.multiplier;
    this.maxBackoff = builder.maxBackoff;
    this.jitter = builder.jitter;
    this.throttleInitialBackoff = builder.throttleInitialBackoff;
    this.throttleMaxBackoff = builder.throttleMaxBackoff;
    if (maxBackoff.compareTo(initialBackoff) < 0
        || throttleMaxBackoff.compareTo(throttleInitialBackoff) < 0) {
      throw new IllegalArgumentException("A maximum backoff cannot be below its initial backoff");
    }
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
   * How a failure is handled, as the {@link FailureTable} classifies it.
   *
   * @param failure the failure
   * @return its kind
   */
  public FailureKind classify(Throwable failure) {
    return FailureTable.of(failure);
  }

  /**
   * Decides what to do about a failure, classified by {@link #classify}.
   *
   * @param failuresInARow failures since the last progress, this one included ({@code >= 1})
   * @param sinceFirstFailure time since the first of those failures
   * @param failure the failure
   * @param retryHint how long the server asked to wait, or empty
   * @param random a number in {@code [0, 1)} for the jitter
   * @return retry after a delay, or give up with a reason
   */
  public RetryDecision decide(
      int failuresInARow,
      Duration sinceFirstFailure,
      Throwable failure,
      Optional<Duration> retryHint,
      double random) {
    return decide(failuresInARow, sinceFirstFailure, classify(failure), retryHint, random);
  }

  /**
   * Decides what to do about a failure of a known kind: the one place that says when an upload
   * gives up. Transport failures, throttling, offset resyncs and lost sessions all draw on the same
   * budget of attempts and time; progress (the server confirming more bytes) refills it.
   *
   * @param failuresInARow failures since the last progress, this one included ({@code >= 1})
   * @param sinceFirstFailure time since the first of those failures
   * @param kind the failure's kind
   * @param retryHint how long the server asked to wait, or empty
   * @param random a number in {@code [0, 1)} for the jitter
   * @return retry after a delay (zero for {@link FailureKind#OUT_OF_SYNC}), or give up with a
   *     reason
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
        kind == FailureKind.OUT_OF_SYNC ? Duration.ZERO : backoff(failuresInARow, kind, random);
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
   * The wait before retry number {@code failuresInARow}, before any server hint: the initial
   * backoff times the multiplier to the power {@code failuresInARow - 1}, spread by the jitter, and
   * never above the maximum.
   *
   * @param failuresInARow failures since the last progress, {@code >= 1}
   * @param kind {@link FailureKind#THROTTLED} for the slow scale, otherwise the normal one
   * @param random a number in {@code [0, 1)}
   * @return the delay, between zero and the maximum backoff of that scale
   */
  public Duration backoff(int failuresInARow, FailureKind kind, double random) {
    if (failuresInARow < 1) {
      throw new IllegalArgumentException("failuresInARow starts at 1: " + failuresInARow);
    }
    if (!(random >= 0 && random < 1)) {
      throw new IllegalArgumentException("random must be in [0, 1): " + random);
    }
    boolean throttled = kind == FailureKind.THROTTLED;
    double initialMillis = (throttled ? throttleInitialBackoff : initialBackoff).toMillis();
    double maxMillis = (throttled ? throttleMaxBackoff : maxBackoff).toMillis();
    double base = initialMillis * Math.pow(multiplier, Math.min(failuresInARow - 1, 62));
    // Spread around the capped value, so waits at the cap still differ between clients.
    double spread = Math.min(base, maxMillis) * (1 - jitter + 2 * jitter * random);
    return Duration.ofMillis((long) Math.min(maxMillis, spread));
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
    return kind == FailureKind.THROTTLED ? throttleMaxBackoff : maxBackoff;
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
        .initialBackoff(initialBackoff)
        .multiplier(multiplier)
        .maxBackoff(maxBackoff)
        .jitter(jitter)
        .throttleInitialBackoff(throttleInitialBackoff)
        .throttleMaxBackoff(throttleMaxBackoff);
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts="
        + maxAttempts
        + ", maxElapsed="
        + maxElapsed
        + ", backoff="
        + initialBackoff
        + "×"
        + multiplier
        + "≤"
        + maxBackoff
        + " ±"
        + jitter
        + ", throttled="
        + throttleInitialBackoff
        + "≤"
        + throttleMaxBackoff
        + "]";
  }

  /** Builds a {@link RetryPolicy}; each value is checked as it is set. Not thread safe. */
  public static final class Builder {
    private int maxAttempts = 8;
    private Duration maxElapsed = Duration.ofMinutes(10);
    private Duration initialBackoff = Duration.ofMillis(500);
    private double multiplier = 2.0;
    private Duration maxBackoff = Duration.ofSeconds(30);
    private double jitter = 0.5;
    private Duration throttleInitialBackoff = Duration.ofSeconds(5);
    private Duration throttleMaxBackoff = Duration.ofMinutes(2);

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
      this.maxElapsed = nonNegative(value, "maxElapsed");
      return this;
    }

    /**
     * The wait after the first failure.
     *
     * @param value a non-negative duration
     * @return this builder
     */
    public Builder initialBackoff(Duration value) {
      this.initialBackoff = nonNegative(value, "initialBackoff");
      return this;
    }

    /**
     * How much each wait grows over the previous one.
     *
     * @param value {@code >= 1}
     * @return this builder
     */
    public Builder multiplier(double value) {
      if (!(value >= 1 && value <= 100)) {
        throw new IllegalArgumentException("multiplier must be in [1, 100]: " + value);
      }
      this.multiplier = value;
      return this;
    }

    /**
     * The cap on any computed wait.
     *
     * @param value a non-negative duration
     * @return this builder
     */
    public Builder maxBackoff(Duration value) {
      this.maxBackoff = nonNegative(value, "maxBackoff");
      return this;
    }

    /**
     * How far a wait is spread around its base value: 0.5 means ±50%.
     *
     * @param value in {@code [0, 1]}
     * @return this builder
     */
    public Builder jitter(double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException("jitter must be in [0, 1]: " + value);
      }
      this.jitter = value;
      return this;
    }

    /**
     * The wait after the first throttling reply.
     *
     * @param value a non-negative duration
     * @return this builder
     */
    public Builder throttleInitialBackoff(Duration value) {
      this.throttleInitialBackoff = nonNegative(value, "throttleInitialBackoff");
      return this;
    }

    /**
     * The cap on any computed wait after throttling.
     *
     * @param value a non-negative duration
     * @return this builder
     */
    public Builder throttleMaxBackoff(Duration value) {
      this.throttleMaxBackoff = nonNegative(value, "throttleMaxBackoff");
      return this;
    }

    /**
     * The policy.
     *
     * @return a new immutable policy
     * @throws IllegalArgumentException if a maximum backoff is below its initial backoff
     */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }

    private static Duration nonNegative(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " cannot be negative: " + value);
      }
      return value;
    }
  }
}
