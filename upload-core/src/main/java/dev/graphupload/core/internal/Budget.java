package dev.graphupload.core.internal;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.RetriesExhaustedException;
import dev.graphupload.core.RetryDecision;
import dev.graphupload.core.ServerReplyException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one place a failure is weighed: it draws on the upload's budget, and the {@link
 * dev.graphupload.core.RetryPolicy} decides whether to go on (after its delay) or give up. Pure.
 */
final class Budget {

  private Budget() {}

  /**
   * Weighs a failure.
   *
   * @param rules the upload's rules (its retry policy)
   * @param p where the upload stands
   * @param verdict the failure and its kind, from the {@link FailureRules}
   * @param now when, and the random number for the jitter
   * @param again how to go on if retried: the next step from the progress after the failure
   * @return a wait then {@code again}'s step (or the step itself when there is no wait), or a
   *     failure when the budget is spent or the failure is fatal
   */
  static Transition retry(
      Rules rules,
      Progress p,
      FailureRules.Verdict verdict,
      Moment now,
      Function<Progress, Transition> again) {
    Progress failed = p.failed(now.ticks());
    Optional<Duration> hint =
        verdict.failure() instanceof ServerReplyException e ? e.retryAfter() : Optional.empty();
    Duration failingFor = failed.failingFor(now.ticks());
    RetryDecision decision =
        rules
            .retryPolicy()
            .decide(failed.failures(), failingFor, verdict.kind(), hint, now.random());
    if (decision instanceof RetryDecision.GiveUp giveUp) {
      return UploadMachine.fail(
          failed,
          verdict.kind() == FailureKind.FATAL
              ? verdict.failure()
              : new RetriesExhaustedException(
                  giveUp.reason(), failed.failures(), failingFor, verdict.failure()));
    }
    Duration delay = ((RetryDecision.Retry) decision).delay();
    Transition next = again.apply(failed);
    Transition waited =
        delay.isZero()
            ? next
            : new Transition(next.progress(), next.notices(), new Step.Wait(delay, next.step()));
    return waited.after(new Notice.Retrying(verdict.failure(), delay, failed.failures()));
  }

  /** {@code again} that goes on with a fixed step. */
  static Function<Progress, Transition> with(Step step) {
    return q -> Transition.to(q, step);
  }
}
