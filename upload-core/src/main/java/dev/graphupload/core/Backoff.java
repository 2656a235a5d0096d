package dev.graphupload.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before retry number {@code n}: exponential growth with jitter, capped. A pure
 * value: the randomness of the jitter comes in as an argument, so a backoff can be passed around
 * and tested alone.
 *
 * @param initial the wait after the first failure
 * @param multiplier how much each wait grows over the previous one, in {@code [1, 100]}
 * @param max the cap on any wait, at least {@code initial}
 * @param jitter how far a wait is spread around its base value, in {@code [0, 1]}: 0.5 means ±50%
 */
public record Backoff(Duration initial, double multiplier, Duration max, double jitter) {

  /** Validates the values. */
  public Backoff {
    nonNegative(initial, "initial");
    nonNegative(max, "max");
    if (!(multiplier >= 1 && multiplier <= 100)) {
      throw new IllegalArgumentException("multiplier must be in [1, 100]: " + multiplier);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "A maximum backoff cannot be below its initial backoff: " + max + " < " + initial);
    }
  }

  /**
   * A backoff that doubles from {@code initial} up to {@code max}, with ±50% jitter.
   *
   * @param initial the first wait
   * @param max the cap
   * @return the backoff
   */
  public static Backoff doubling(Duration initial, Duration max) {
    return new Backoff(initial, 2.0, max, 0.5);
  }

  /**
   * The wait before retry number {@code failuresInARow}: the initial wait times the multiplier to
   * the power {@code failuresInARow - 1}, spread by the jitter around the capped value (so waits at
   * the cap still differ between clients), and never above the cap.
   *
   * @param failuresInARow failures since the last progress, {@code >= 1}
   * @param random a number in {@code [0, 1)}
   * @return the wait, between zero and {@link #max()}
   */
  public Duration delay(int failuresInARow, double random) {
    if (failuresInARow < 1) {
      throw new IllegalArgumentException("failuresInARow starts at 1: " + failuresInARow);
    }
    if (!(random >= 0 && random < 1)) {
      throw new IllegalArgumentException("random must be in [0, 1): " + random);
    }
    double maxMillis = max.toMillis();
    double base = initial.toMillis() * Math.pow(multiplier, Math.min(failuresInARow - 1, 62));
    double spread = Math.min(base, maxMillis) * (1 - jitter + 2 * jitter * random);
    return Duration.ofMillis((long) Math.min(maxMillis, spread));
  }

  /**
   * This backoff with another initial wait (raising the cap to it if needed).
   *
   * @param value a non-negative duration
   * @return the new backoff
   */
  public Backoff withInitial(Duration value) {
    nonNegative(value, "initial");
    return new Backoff(value, multiplier, max.compareTo(value) < 0 ? value : max, jitter);
  }

  /**
   * This backoff with another cap.
   *
   * @param value a duration at least {@link #initial()}
   * @return the new backoff
   */
  public Backoff withMax(Duration value) {
    return new Backoff(initial, multiplier, value, jitter);
  }

  /**
   * This backoff with another multiplier.
   *
   * @param value in {@code [1, 100]}
   * @return the new backoff
   */
  public Backoff withMultiplier(double value) {
    return new Backoff(initial, value, max, jitter);
  }

  /**
   * This backoff with another jitter.
   *
   * @param value in {@code [0, 1]}
   * @return the new backoff
   */
  public Backoff withJitter(double value) {
    return new Backoff(initial, multiplier, max, value);
  }

  @Override
  public String toString() {
    return initial + "×" + multiplier + "≤" + max + " ±" + jitter;
  }

  private static void nonNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " cannot be negative: " + value);
    }
  }
}
