package dev.graphupload.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.graphupload.core.UploadCancelledException;
import dev.graphupload.core.UploadResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The upload's rules on their own: thousands of generated sequences of replies and failures fed to
 * the pure {@link UploadMachine} through a {@link SimulatedUpload}, without a server, a store or a
 * clock. Replay a failure with {@code -DQT_SEED=...}.
 */
class UploadMachineProperties {

  private static final int RUNS = 3000;

  private static Gen<SimulatedUpload> uploads() {
    Gen<List<Integer>> scripts = lists().of(integers().between(0, 99)).ofSizeBetween(0, 80);
    return longs()
        .between(1, 40)
        .zip(
            longs().between(1, 40),
            integers().between(1, 6),
            booleans().all(),
            scripts,
            (length, chunk, attempts, verify, script) ->
                new SimulatedUpload(length, Math.min(chunk, length), attempts, verify, script, -1));
  }

  private static Gen<SimulatedUpload> cancelledUploads() {
    return uploads()
        .zip(
            integers().between(0, 60),
            (u, at) ->
                new SimulatedUpload(
                    u.rules.length(),
                    u.rules.length(),
                    u.rules.retryPolicy().maxAttempts(),
                    u.rules.verifyHandles(),
                    List.of(1, 5, 4, 0, 6, 7, 0, 0, 3),
                    at));
  }

  @Test
  void everyRunEndsWithinItsBudget() {
    qt().withExamples(RUNS)
        .forAll(uploads())
        .checkAssert(
            upload -> {
              upload.run();
              assertThat(upload.last)
                  .as("ended within %d steps", SimulatedUpload.MAX_STEPS)
                  .isNotNull();
              int inARow = 0;
              long confirmed = 0;
              for (Notice notice : upload.notices) {
                if (notice instanceof Notice.Retrying) {
                  inARow++;
                  assertThat(inARow)
                      .as("failures in a row")
                      .isLessThan(upload.rules.retryPolicy().maxAttempts());
                } else if (notice instanceof Notice.SessionCreated
                    || notice instanceof Notice.Restarted) {
                  confirmed = 0;
                } else if (notice instanceof Notice.Confirmed c && c.offset().value() > confirmed) {
                  confirmed = c.offset().value();
                  inARow = 0;
                }
              }
            });
  }

  @Test
  void neverFinishesUnlessTheServerConfirmedEveryByte() {
    qt().withExamples(RUNS)
        .forAll(uploads())
        .checkAssert(
            upload -> {
              upload.run();
              if (upload.last instanceof Step.Finish finish && upload.rules.verifyHandles()) {
                boolean unverified =
                    upload.notices.stream().anyMatch(n -> n instanceof Notice.HandleUnverified);
                assertThat(upload.serverConfirmedEveryByte || unverified)
                    .as("the server confirmed every byte, or could not be asked")
                    .isTrue();
                assertThat(finish.result().handle()).isEqualTo(upload.handedOut);
                assertThat(finish.result().outcome()).isEqualTo(UploadResult.Outcome.UPLOADED);
              }
            });
  }

  @Test
  void neverResendsBytesTheServerConfirmedNorSendsPastTheEnd() {
    qt().withExamples(RUNS)
        .forAll(uploads())
        .checkAssert(upload -> assertThat(upload.run().violations).isEmpty());
  }

  @Test
  void aCancellationAlwaysEndsTheRunAtOnce() {
    qt().withExamples(RUNS)
        .forAll(cancelledUploads())
        .checkAssert(
            upload -> {
              upload.run();
              if (upload.cancelled) {
                assertThat(upload.last).isInstanceOf(Step.Fail.class);
                assertThat(((Step.Fail) upload.last).failure())
                    .isInstanceOf(UploadCancelledException.class);
              }
            });
  }
}
