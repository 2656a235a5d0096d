package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      RetryPolicy.custom()
          .maxAttempts(5)
          .maxElapsed(Duration.ofMinutes(1))
          .initialBackoff(Duration.ofMillis(100))
          .multiplier(2)
          .maxBackoff(Duration.ofSeconds(1))
          .jitter(0)
          .throttleInitialBackoff(Duration.ofSeconds(2))
          .throttleMaxBackoff(Duration.ofSeconds(10))
          .build();

  private static TransportException cut() {
    return new TransportException("connection reset", new IOException("reset"));
  }

  @Test
  void backsOffExponentiallyUpToTheCap() {
    assertThat(policy.backoff(1, FailureKind.TRANSIENT, 0.5)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoff(2, FailureKind.TRANSIENT, 0.5)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoff(4, FailureKind.TRANSIENT, 0.5)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.backoff(5, FailureKind.TRANSIENT, 0.5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(60, FailureKind.TRANSIENT, 0.5)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void throttlingWaitsOnTheSlowerScale() {
    assertThat(policy.backoff(1, FailureKind.THROTTLED, 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoff(9, FailureKind.THROTTLED, 0.5)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void jitterSpreadsTheWaitAroundItsBase() {
    RetryPolicy jittery = policy.toBuilder().jitter(0.5).build();

    assertThat(jittery.backoff(2, FailureKind.TRANSIENT, 0)).isEqualTo(Duration.ofMillis(100));
    assertThat(jittery.backoff(2, FailureKind.TRANSIENT, 0.999))
        .isBetween(Duration.ofMillis(299), Duration.ofMillis(300));
  }

  @Test
  void givesUpAtOnceOnAFatalFailure() {
    assertThat(policy.decide(1, Duration.ZERO, FailureKind.FATAL, Optional.empty(), 0.5))
        .isEqualTo(new RetryDecision.GiveUp("the failure is not retryable"));
  }

  @Test
  void givesUpAtTheAttemptBound() {
    assertThat(policy.decide(4, Duration.ZERO, FailureKind.TRANSIENT, Optional.empty(), 0.5))
        .isInstanceOf(RetryDecision.Retry.class);
    assertThat(policy.decide(5, Duration.ZERO, FailureKind.TRANSIENT, Optional.empty(), 0.5))
        .isEqualTo(new RetryDecision.GiveUp("reached the limit of 5 attempts"));
  }

  @Test
  void givesUpWhenTheWaitWouldPassTheTimeBound() {
    assertThat(
            policy.decide(
                1, Duration.ofMillis(59_950), FailureKind.TRANSIENT, Optional.empty(), 0.5))
        .isInstanceOf(RetryDecision.GiveUp.class);
  }

  @Test
  void honoursTheServersRetryHint() {
    assertThat(
            policy.decide(
                1, Duration.ZERO, FailureKind.TRANSIENT, Optional.of(Duration.ofSeconds(30)), 0.5))
        .isEqualTo(new RetryDecision.Retry(Duration.ofSeconds(30)));
    // a hint shorter than the backoff does not shorten it
    assertThat(
            policy.decide(
                3, Duration.ZERO, FailureKind.TRANSIENT, Optional.of(Duration.ofMillis(1)), 0.5))
        .isEqualTo(new RetryDecision.Retry(Duration.ofMillis(400)));
    assertThat(
            policy.decide(
                1, Duration.ZERO, FailureKind.TRANSIENT, Optional.of(Duration.ofMinutes(5)), 0.5))
        .isInstanceOf(RetryDecision.GiveUp.class);
  }

  @Test
  void anOutOfSyncFailureIsRetriedAtOnceUnlessTheServerHintsLonger() {
    assertThat(policy.decide(2, Duration.ZERO, FailureKind.OUT_OF_SYNC, Optional.empty(), 0.5))
        .isEqualTo(new RetryDecision.Retry(Duration.ZERO));
    assertThat(
            policy.decide(
                2, Duration.ZERO, FailureKind.OUT_OF_SYNC, Optional.of(Duration.ofSeconds(3)), 0.5))
        .isEqualTo(new RetryDecision.Retry(Duration.ofSeconds(3)));
  }

  @Test
  void eachKindWaitsOnItsOwnBackoff() {
    assertThat(policy.backoff(FailureKind.THROTTLED))
        .isEqualTo(new Backoff(Duration.ofSeconds(2), 2, Duration.ofSeconds(10), 0));
    assertThat(policy.backoff(FailureKind.TRANSIENT))
        .isEqualTo(new Backoff(Duration.ofMillis(100), 2, Duration.ofSeconds(1), 0));
    assertThat(policy.toBuilder().build().toString()).isEqualTo(policy.toString());
  }

  @Test
  void validatesEachValueAsItIsSet() {
    assertThatThrownBy(() -> RetryPolicy.custom().maxAttempts(0))
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> RetryPolicy.custom().jitter(1.5)).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> RetryPolicy.custom().multiplier(0.5)).hasMessageContaining("[1, 100]");
    assertThatThrownBy(() -> RetryPolicy.custom().maxElapsed(Duration.ofSeconds(-1)))
        .hasMessageContaining("negative");
    assertThatThrownBy(
            () ->
                RetryPolicy.custom()
                    .initialBackoff(Duration.ofSeconds(5))
                    .maxBackoff(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("below its initial");
    assertThat(RetryPolicy.noRetries().maxAttempts()).isEqualTo(1);
  }
}
