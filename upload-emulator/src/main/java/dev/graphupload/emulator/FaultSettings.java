package dev.graphupload.emulator;

import java.util.OptionalLong;

/**
 * Faults the emulator injects, decided per request by a random generator seeded with {@link
 * #seed()}, so a run can be replayed. Immutable; change one with the {@code with…} methods, at
 * start or while the emulator runs.
 *
 * @param seed the seed of the fault dice
 * @param cutAfterBytes cut every send's connection after this many body bytes (the bytes before the
 *     cut are kept), or empty
 * @param cutProbability the chance that a send's connection is cut at a random point of its body
 * @param loseReplyProbability the chance that a send's bytes are committed and the connection then
 *     closed without a reply
 * @param errorProbability the chance that a request gets a transient error (Graph code 1 or 2, HTTP
 *     500 or 503)
 * @param throttleProbability the chance that a request gets a throttling error (Graph code 4, 17 or
 *     613) with a {@code Retry-After} of {@link #throttleRetryAfterSeconds()}
 * @param throttleRetryAfterSeconds the retry hint sent with throttling errors
 * @param latencyMillis added before every reply
 * @param bandwidthBytesPerSecond the most body bytes per second the emulator takes, across all
 *     connections; 0 for no cap
 */
public record FaultSettings(
    long seed,
    OptionalLong cutAfterBytes,
    double cutProbability,
    double loseReplyProbability,
    double errorProbability,
    double throttleProbability,
    int throttleRetryAfterSeconds,
    long latencyMillis,
    long bandwidthBytesPerSecond) {

  /** Validates the settings. */
  public FaultSettings {
    if (cutAfterBytes == null) {
      throw new NullPointerException("cutAfterBytes");
    }
    if (cutAfterBytes.isPresent() && cutAfterBytes.getAsLong() < 0) {
      throw new IllegalArgumentException("cutAfterBytes cannot be negative");
    }
    probability(cutProbability, "cutProbability");
    probability(loseReplyProbability, "loseReplyProbability");
    probability(errorProbability, "errorProbability");
    probability(throttleProbability, "throttleProbability");
    if (throttleRetryAfterSeconds < 0 || latencyMillis < 0 || bandwidthBytesPerSecond < 0) {
      throw new IllegalArgumentException("retry-after, latency and bandwidth cannot be negative");
    }
  }

  private static void probability(double value, String name) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be a probability in [0, 1]: " + value);
    }
  }

  /**
   * No faults at all, seed 0.
   *
   * @return the settings
   */
  public static FaultSettings none() {
    return new FaultSettings(0, OptionalLong.empty(), 0, 0, 0, 0, 1, 0, 0);
  }

  /**
   * These settings with another seed.
   *
   * @param value the seed
   * @return the new settings
   */
  public FaultSettings withSeed(long value) {
    return new FaultSettings(
        value,
        cutAfterBytes,
        cutProbability,
        loseReplyProbability,
        errorProbability,
        throttleProbability,
        throttleRetryAfterSeconds,
        latencyMillis,
        bandwidthBytesPerSecond);
  }

  /**
   * These settings with every send cut after {@code bytes} body bytes.
   *
   * @param bytes the bytes kept before the cut
   * @return the new settings
   */
  public FaultSettings withCutAfterBytes(long bytes) {
    return new FaultSettings(
        seed,
        OptionalLong.of(bytes),
        cutProbability,
        loseReplyProbability,
        errorProbability,
        throttleProbability,
        throttleRetryAfterSeconds,
        latencyMillis,
        bandwidthBytesPerSecond);
  }

  /**
   * These settings without the fixed cut.
   *
   * @return the new settings
   */
  public FaultSettings withoutCutAfterBytes() {
    return new FaultSettings(
        seed,
        OptionalLong.empty(),
        cutProbability,
        loseReplyProbability,
        errorProbability,
        throttleProbability,
        throttleRetryAfterSeconds,
        latencyMillis,
        bandwidthBytesPerSecond);
  }

  /**
   * These settings with another cut probability.
   *
   * @param value the probability
   * @return the new settings
   */
  public FaultSettings withCutProbability(double value) {
    return new FaultSettings(
        seed,
        cutAfterBytes,
        value,
        loseReplyProbability,
        errorProbability,
        throttleProbability,
        throttleRetryAfterSeconds,
        latencyMillis,
        bandwidthBytesPerSecond);
  }

  /**
   * These settings with another lose-reply probability.
   *
   * @param value the probability
   * @return the new settings
   */
  public FaultSettings withLoseReplyProbability(double value) {
    return new FaultSettings(
        seed,
        cutAfterBytes,
        cutProbability,
        value,
        errorProbability,
        throttleProbability,
        throttleRetryAfterSeconds,
        latencyMillis,
        bandwidthBytesPerSecond);
  }

  /**
   * These settings with another transient-error probability.
   *
   * @param value the probability
   * @return the new settings
   */
  public FaultSettings withErrorProbability(double value) {
    return new FaultSettings(
        seed,
        cutAfterBytes,
        cutProbability,
        loseReplyProbability,
        value,
        throttleProbability,
        throttleRetryAfterSeconds,
        latencyMillis,
        bandwidthBytesPerSecond);
  }

  /**
   * These settings with another throttling probability.
   *
   * @param value the probability
   * @return the new settings
   */
  public FaultSettings withThrottleProbability(double value) {
    return new FaultSettings(
        seed,
        cutAfterBytes,
        cutProbability,
        loseReplyProbability,
        errorProbability,
        value,
        throttleRetryAfterSeconds,
        latencyMillis,
        bandwidthBytesPerSecond);
  }

  /**
   * These settings with another throttling retry hint.
   *
   * @param seconds the {@code Retry-After} value
   * @return the new settings
   */
  public FaultSettings withThrottleRetryAfterSeconds(int seconds) {
    return new FaultSettings(
        seed,
        cutAfterBytes,
        cutProbability,
        loseReplyProbability,
        errorProbability,
        throttleProbability,
        seconds,
        latencyMillis,
        bandwidthBytesPerSecond);
  }

  /**
   * These settings with another latency.
   *
   * @param millis added before every reply
   * @return the new settings
   */
  public FaultSettings withLatencyMillis(long millis) {
    return new FaultSettings(
        seed,
        cutAfterBytes,
        cutProbability,
        loseReplyProbability,
        errorProbability,
        throttleProbability,
        throttleRetryAfterSeconds,
        millis,
        bandwidthBytesPerSecond);
  }

  /**
   * These settings with another bandwidth cap.
   *
   * @param bytesPerSecond the cap, 0 for none
   * @return the new settings
   */
  public FaultSettings withBandwidth(long bytesPerSecond) {
    return new FaultSettings(
        seed,
        cutAfterBytes,
        cutProbability,
        loseReplyProbability,
        errorProbability,
        throttleProbability,
        throttleRetryAfterSeconds,
        latencyMillis,
        bytesPerSecond);
  }
}
