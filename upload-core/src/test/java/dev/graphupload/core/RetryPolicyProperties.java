package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class RetryPolicyProperties {

  private final RetryPolicy policy = RetryPolicy.ofDefaults();

  @Test
  void backoffStaysBetweenZeroAndTheCapOfItsScale() {
    qt().forAll(
            integers().between(1, 1_000),
            Generate.enumValues(FailureKind.class),
            doubles().between(0, 0.999_999))
        .checkAssert(
            (attempt, kind, random) ->
                assertThat(policy.backoff(attempt, kind, random))
                    .isBetween(Duration.ZERO, policy.maxBackoff(kind)));
  }

  @Test
  void theBaseOfTheBackoffNeverShrinksFromOneAttemptToTheNext() {
    RetryPolicy noJitter = policy.toBuilder().jitter(0).build();
    qt().forAll(integers().between(1, 200), Generate.enumValues(FailureKind.class))
        .checkAssert(
            (attempt, kind) ->
                assertThat(noJitter.backoff(attempt + 1, kind, 0.5))
                    .isGreaterThanOrEqualTo(noJitter.backoff(attempt, kind, 0.5)));
  }

  @Test
  void aRetryIsNeverDecidedPastEitherBound() {
    qt().forAll(
            integers().between(1, 20), integers().between(0, 1_000), doubles().between(0, 0.999))
        .checkAssert(
            (attempt, seconds, random) -> {
              RetryDecision decision =
                  policy.decide(
                      attempt,
                      Duration.ofSeconds(seconds),
                      FailureKind.TRANSIENT,
                      Optional.empty(),
                      random);
              if (decision instanceof RetryDecision.Retry retry) {
                assertThat(attempt).isLessThan(policy.maxAttempts());
                assertThat(Duration.ofSeconds(seconds).plus(retry.delay()))
                    .isLessThanOrEqualTo(policy.maxElapsed());
              } else {
                assertThat(
                        attempt >= policy.maxAttempts()
                            || Duration.ofSeconds(seconds)
                                    .plus(policy.backoff(attempt, FailureKind.TRANSIENT, random))
                                    .compareTo(policy.maxElapsed())
                                > 0)
                    .isTrue();
              }
            });
  }
}
