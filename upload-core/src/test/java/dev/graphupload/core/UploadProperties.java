package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of whole uploads over random file sizes, chunk policies and fault schedules, including
 * simulated crashes after which the uploader is rebuilt from the store alone.
 *
 * <p>A failing case prints its file size, chunk policy and fault schedule. Set {@code
 * -DQT_SEED=<seed>} to replay one.
 */
class UploadProperties {

  private static final int EXAMPLES = 300;

  private Path dir;

  @BeforeEach
  void createDirectory() throws IOException {
    dir = Files.createTempDirectory("upload-properties");
  }

  @AfterEach
  void deleteDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A schedule of faults that a patient uploader must survive. */
  record Schedule(List<Fault> faults) {
    @Override
    public String toString() {
      return faults.toString();
    }
  }

  static Gen<ChunkPolicy> chunkPolicies() {
    return Generate.oneOf(
        Generate.constant(ChunkPolicy.wholeRemainder()),
        integers().between(1, 70_000).map(n -> ChunkPolicy.fixed(n)),
        integers()
            .between(1, 20_000)
            .map(min -> ChunkPolicy.adaptive(min, min * 2L, min * 8L, Duration.ofMillis(10))));
  }

  static Gen<Fault> survivableFaults() {
    return Generate.oneOf(
        Generate.constant(new Fault.None()),
        integers().between(0, 200_000).map(n -> (Fault) new Fault.CutAfter(n)),
        Generate.constant(new Fault.LoseReply()),
        Generate.pick(List.of(1, 2)).map(code -> (Fault) new Fault.Transient(code, 500)),
        Generate.pick(List.of(4, 17, 32, 341, 613))
            .map(code -> (Fault) new Fault.Throttle(code, 0)),
        integers().between(1, 300).map(s -> (Fault) new Fault.Throttle(4, s)),
        Generate.constant(new Fault.ExpireSession()),
        Generate.constant(new Fault.Crash()));
  }

  /**
   * Schedules a patient uploader survives: every surprise, session expiries included, draws on the
   * one failure budget, which {@link TestUploaders#patientRetries()} makes larger than a schedule.
   */
  static Gen<Schedule> schedules() {
    return lists().of(survivableFaults()).ofSizeBetween(0, 12).map(Schedule::new);
  }

  /** What one property run observed. */
  record Outcome(
      UploadResult result,
      FakeGraphServer server,
      InMemorySessionStore store,
      List<RecordingListener> runs,
      List<Duration> delays,
      int crashes) {}

  private Outcome uploadSurvivingCrashes(
      Path file, ChunkPolicy policy, Schedule schedule, RetryPolicy retries) {
    FakeGraphServer server = TestUploaders.server().script(schedule.faults());
    TestClock clock = new TestClock();
    InMemorySessionStore store = new InMemorySessionStore(clock);
    List<RecordingListener> runs = new ArrayList<>();
    List<Duration> delays = new ArrayList<>();
    int crashes = 0;
    while (true) {
      // A new uploader each time, as a restarted process would build: only the store and the
      // server carry over.
      TestScheduler scheduler = new TestScheduler(clock);
      RecordingListener listener = new RecordingListener();
      runs.add(listener);
      try (GraphUploader uploader =
          TestUploaders.builder(server, store, clock)
              .scheduler(scheduler)
              .chunkPolicy(policy)
              .retryPolicy(retries)
              .build()) {
        UploadResult result = uploader.upload(file, listener);
        delays.addAll(scheduler.delays());
        return new Outcome(result, server, store, runs, delays, crashes);
      } catch (GraphUploadException e) {
        delays.addAll(scheduler.delays());
        if (!(e.getCause() instanceof Fault.SimulatedCrash)) {
          throw e;
        }
        crashes++;
      }
    }
  }

  private Path file(int size, long seed) {
    return TestFiles.write(dir, "f-" + size + "-" + seed + ".mp4", Math.max(size, 12), seed);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theServerEndsWithExactlyTheFilesBytesAndTheStoreWithTheHandle() {
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(1, 200_000), chunkPolicies(), schedules())
        .checkAssert(
            (size, policy, schedule) -> {
              Path file = file(size, size);
              byte[] content = read(file);

              Outcome outcome =
                  uploadSurvivingCrashes(file, policy, schedule, TestUploaders.patientRetries());

              UploadResult result = outcome.result();
              assertThat(outcome.server().bytesOf(result.sessionId())).isEqualTo(content);
              assertThat(outcome.server().handleOf(result.sessionId()))
                  .isEqualTo(result.handle().value());
              SessionRecord record = outcome.store().list().get(0);
              assertThat(outcome.store().list()).hasSize(1);
              assertThat(record.state()).isInstanceOf(RecordState.Completed.class);
              assertThat(((RecordState.Completed) record.state()).handle())
                  .isEqualTo(result.handle());
              assertThat(record.sessionId()).isEqualTo(result.sessionId());
            });
  }

  @Test
  void everyByteSentMatchesTheFileAndNoConfirmedByteIsSentAgain() {
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(1, 200_000), chunkPolicies(), schedules())
        .checkAssert(
            (size, policy, schedule) -> {
              Path file = file(size, size + 7L);
              byte[] content = read(file);

              Outcome outcome =
                  uploadSurvivingCrashes(file, policy, schedule, TestUploaders.patientRetries());

              for (FakeGraphServer.Received body : outcome.server().received()) {
                byte[] expected = new byte[body.bytes().length];
                System.arraycopy(content, (int) body.offset(), expected, 0, expected.length);
                assertThat(body.bytes()).as("bytes sent at %d", body.offset()).isEqualTo(expected);
                // each send starts exactly where the server stands: nothing it holds is re-sent
                assertThat(body.offset()).isEqualTo(body.committedBefore());
              }
              long sentToFinalSession =
                  outcome.server().received().stream()
                      .filter(b -> b.session().equals(outcome.result().sessionId().value()))
                      .mapToLong(b -> b.bytes().length)
                      .sum();
              assertThat(sentToFinalSession).isEqualTo(content.length);
            });
  }

  @Test
  void theConfirmedOffsetNeverDecreasesNorPassesTheLength() {
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(1, 100_000), chunkPolicies(), schedules())
        .checkAssert(
            (size, policy, schedule) -> {
              Path file = file(size, size + 13L);

              Outcome outcome =
                  uploadSurvivingCrashes(file, policy, schedule, TestUploaders.patientRetries());

              long length = Math.max(size, 12);
              for (RecordingListener run : outcome.runs()) {
                long last = -1;
                for (long offset : run.confirmed) {
                  if (offset == -1) {
                    last = -1; // a new session: offsets start again
                    continue;
                  }
                  assertThat(offset).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(length);
                  last = offset;
                }
              }
            });
  }

  @Test
  void retriesStayWithinThePolicy() {
    RetryPolicy policy =
        RetryPolicy.custom()
            .maxAttempts(6)
            .maxElapsed(Duration.ofHours(1))
            .initialBackoff(Duration.ofMillis(200))
            .maxBackoff(Duration.ofSeconds(3))
            .throttleInitialBackoff(Duration.ofSeconds(2))
            .throttleMaxBackoff(Duration.ofSeconds(20))
            .build();
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(1, 50_000), chunkPolicies(), schedules())
        .checkAssert(
            (size, chunks, schedule) -> {
              Path file = file(size, size + 17L);
              long longestHint =
                  schedule.faults().stream()
                      .filter(f -> f instanceof Fault.Throttle)
                      .mapToLong(f -> ((Fault.Throttle) f).retryAfterSeconds())
                      .max()
                      .orElse(0);
              Duration cap = Duration.ofSeconds(Math.max(20, longestHint));

              try {
                Outcome outcome = uploadSurvivingCrashes(file, chunks, schedule, policy);
                assertThat(outcome.delays())
                    .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(cap));
                for (RecordingListener run : outcome.runs()) {
                  assertThat(
                          run.failures.stream()
                              .filter(f -> !(f.getCause() instanceof Fault.SimulatedCrash)))
                      .allSatisfy(f -> assertThat(f.isRetryable()).isTrue());
                }
              } catch (RetriesExhaustedException e) {
                // a schedule may hold more faults in a row than the policy allows: then the
                // upload must have given up at exactly the bound
                assertThat(e.attempts()).isEqualTo(6);
              }
            });
  }

  @Test
  void fatalErrorsStopAtOnceWithoutARetry() {
    qt().withExamples(EXAMPLES)
        .forAll(
            integers().between(1, 50_000),
            chunkPolicies(),
            integers().between(0, 6),
            Generate.pick(List.of(190, 102, 100, 104, 368, 10, 200, 299)))
        .checkAssert(
            (size, policy, requestsBefore, code) -> {
              Path file = file(size, size + 23L);
              List<Fault> faults = new ArrayList<>();
              for (int i = 0; i < requestsBefore; i++) {
                faults.add(new Fault.None());
              }
              faults.add(new Fault.Fatal(code));
              FakeGraphServer server = TestUploaders.server().script(faults);
              TestClock clock = new TestClock();
              RecordingListener listener = new RecordingListener();
              try (GraphUploader uploader =
                  TestUploaders.builder(server, new InMemorySessionStore(clock), clock)
                      .chunkPolicy(policy)
                      .build()) {
                int before;
                try {
                  uploader.upload(file, listener);
                  // the upload finished before the fault came up: nothing to check
                  return;
                } catch (GraphApiException e) {
                  assertThat(e.code()).isEqualTo(code);
                  before = server.requests().size();
                }
                assertThat(before).isEqualTo(requestsBefore + 1);
                assertThat(listener.count("retrying")).isZero();
              }
            });
  }

  @Test
  void aProcessRestartResumesFromTheStoreAlone() {
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(2, 200_000), chunkPolicies(), integers().between(1, 199_999))
        .checkAssert(
            (size, policy, cut) -> {
              Path file = file(size, size + 29L);
              long kept = Math.min(cut, size - 1);
              Schedule schedule =
                  new Schedule(
                      List.of(
                          new Fault.None(),
                          new Fault.CutAfter(kept),
                          new Fault.None(),
                          new Fault.Crash()));

              Outcome outcome =
                  uploadSurvivingCrashes(
                      file, ChunkPolicy.wholeRemainder(), schedule, TestUploaders.patientRetries());

              assertThat(outcome.crashes()).isEqualTo(1);
              assertThat(outcome.result().outcome()).isEqualTo(UploadResult.Outcome.RESUMED);
              assertThat(outcome.result().resumedFrom().value()).isEqualTo(kept);
              assertThat(outcome.result().bytesSent()).isEqualTo(Math.max(size, 12) - kept);
            });
  }

  @Test
  void aScheduleOfMoreFaultsThanAllowedGivesUpAtTheBound() {
    RetryPolicy policy = RetryPolicy.custom().maxAttempts(4).build();
    List<Fault> faults =
        List.of(
            new Fault.None(),
            new Fault.Transient(2, 503),
            new Fault.Transient(1, 500),
            new Fault.Transient(2, 502),
            new Fault.Transient(1, 500));
    Path file = file(1_000, 31);

    assertThatThrownBy(
            () ->
                uploadSurvivingCrashes(
                    file, ChunkPolicy.wholeRemainder(), new Schedule(faults), policy))
        .isInstanceOfSatisfying(
            RetriesExhaustedException.class, e -> assertThat(e.attempts()).isEqualTo(4));
  }
}
