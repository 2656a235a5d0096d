package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.UploadLock;
import dev.graphupload.core.store.UploadLockedException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch comes back to a file another worker holds, and ends with a handle for every file. */
class BatchUploadTest {

  @TempDir Path dir;

  private final TestClock clock = new TestClock();
  private final InMemorySessionStore store = new InMemorySessionStore(clock);
  private FakeGraphServer server;
  private Path a;
  private Path b;
  private Path c;

  @BeforeEach
  void setUp() {
    server = TestUploaders.server();
    a = TestFiles.mp4(dir, 3_000, 1);
    b = TestFiles.mp4(dir, 4_000, 2);
    c = TestFiles.mp4(dir, 5_000, 3);
  }

  private UploadKey keyOf(Path file) {
    return UploadKey.of(
        TestUploaders.ENDPOINT, AppId.of(TestUploaders.APP_ID), file.toAbsolutePath());
  }

  private List<BatchResult> batch(List<Path> files, BatchOptions.BatchListener listener)
      throws Exception {
    try (GraphUploader uploader = TestUploaders.builder(server, store, clock).build()) {
      return uploader
          .uploadAllAsync(files, BatchOptions.defaults().parallel(1).batchListener(listener))
          .results()
          .get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBatchOfRequestsUploadsBytesARangedSourceAndANamedFileThroughCutsEachOnce()
      throws Exception {
    byte[] clip = Files.readAllBytes(TestFiles.mp4(dir, 6_000, 7));
    byte[] remote = Files.readAllBytes(TestFiles.mp4(dir, 7_000, 8));
    // an object store's ranged reads, in short pieces
    UploadSource ranged =
        new UploadSource() {
          @Override
          public long length() {
            return remote.length;
          }

          @Override
          public int read(ByteBuffer target, long position) {
            if (position >= remote.length) {
              return -1;
            }
            int n = (int) Math.min(Math.min(target.remaining(), 700), remote.length - position);
            target.put(remote, (int) position, n);
            return n;
          }
        };
    UploadRequest bytes = UploadRequest.builder(clip).fileName("clip.mp4").build();
    UploadRequest fromStore =
        UploadRequest.builder(ranged).fileName("remote.mp4").key("order-42").build();
    UploadRequest named = UploadRequest.builder(a).fileName("named.mp4").key("file-a").build();
    UploadRequest sameBytesAgain = UploadRequest.builder(clip).fileName("clip.mp4").build();
    server.script(
        List.of(
            new Fault.CutAfter(500),
            new Fault.None(),
            new Fault.CutAfter(1_500),
            new Fault.None()));
    List<String> heard = new ArrayList<>();
    AtomicInteger retries = new AtomicInteger();

    List<BatchResult> results;
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).chunkPolicy(ChunkPolicy.fixed(2_000)).build()) {
      results =
          uploader
              .uploadAllRequestsAsync(
                  List.of(bytes, fromStore, named, sameBytesAgain),
                  BatchOptions.defaults()
                      .parallel(1)
                      .requestListeners(
                          request ->
                              new UploadListener() {
                                @Override
                                public void started(UploadSubject upload) {
                                  synchronized (heard) {
                                    heard.add(request.fileName().orElseThrow());
                                  }
                                }

                                @Override
                                public void retrying(
                                    GraphUploadException failure, Duration delay, int attempt) {
                                  retries.incrementAndGet();
                                }
                              }))
              .results()
              .get(30, TimeUnit.SECONDS);
    }

    assertThat(results)
        .as("one result per upload: the same bytes under the same key go up once")
        .extracting(BatchResult::request)
        .containsExactly(bytes, fromStore, named);
    assertThat(results).extracting(BatchResult::status).containsOnly(BatchResult.Status.UPLOADED);
    assertThat(heard).containsExactly("clip.mp4", "remote.mp4", "named.mp4");
    assertThat(retries).as("a cut was met").hasPositiveValue();
    List<byte[]> expected = List.of(clip, remote, Files.readAllBytes(a));
    for (int i = 0; i < results.size(); i++) {
      assertThat(server.bytesOf(results.get(i).result().orElseThrow().sessionId()))
          .isEqualTo(expected.get(i));
    }
    assertThat(results.get(2).file()).isEqualTo(a);
    assertThatThrownBy(() -> results.get(0).file())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a file");
    assertThat(store.list()).hasSize(3);
  }

  @Test
  void aBatchOfRequestsTakesAStreamAndLeavesNoSpoolFileBehind() throws Exception {
    byte[] streamed = Files.readAllBytes(TestFiles.mp4(dir, 5_500, 9));
    Path spool = dir.resolve("spool");
    UploadRequest stream =
        UploadRequest.ofStream(new ByteArrayInputStream(streamed)).fileName("live.mp4").build();

    List<BatchResult> results;
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).spoolDirectory(spool).build()) {
      results = uploader.uploadAllRequests(List.of(stream, UploadRequest.of(b)));
    }

    assertThat(results)
        .extracting(BatchResult::request)
        .containsExactly(stream, results.get(1).request());
    assertThat(results).extracting(BatchResult::status).containsOnly(BatchResult.Status.UPLOADED);
    assertThat(server.bytesOf(results.get(0).result().orElseThrow().sessionId()))
        .isEqualTo(streamed);
    assertThat(results.get(1).file()).isEqualTo(b);
    try (var left = Files.list(spool)) {
      assertThat(left).as("spool files after the batch").isEmpty();
    }
  }

  @Test
  void aFileAnotherWorkerFinishedIsReportedDoneElsewhereWithItsHandleAndNothingSent()
      throws Exception {
    // the other worker: its own store, the same server; its record is copied in when it is done
    InMemorySessionStore othersStore = new InMemorySessionStore(clock);
    UploadResult others;
    try (GraphUploader other = TestUploaders.builder(server, othersStore, clock).build()) {
      others = other.upload(b);
    }
    UploadLock held = store.tryLock(keyOf(b)).orElseThrow();
    List<Path> deferred = new ArrayList<>();
    List<Path> finishedInOrder = new ArrayList<>();

    List<BatchResult> results =
        batch(
            List.of(a, b, c),
            new BatchOptions.BatchListener() {
              @Override
              public void deferred(Path file, GraphUploadException why) {
                deferred.add(file);
                store.save(othersStore.find(keyOf(b)).orElseThrow().withRevision(0));
                held.close(); // the other worker finished and let go
              }

              @Override
              public void finished(BatchResult result) {
                finishedInOrder.add(result.file());
              }
            });

    assertThat(results).extracting(BatchResult::file).containsExactly(a, b, c);
    assertThat(results)
        .extracting(BatchResult::status)
        .containsExactly(
            BatchResult.Status.UPLOADED,
            BatchResult.Status.DONE_ELSEWHERE,
            BatchResult.Status.UPLOADED);
    assertThat(results.get(1).handle()).contains(others.handle());
    assertThat(results.get(1).result().orElseThrow().bytesSent()).isZero();
    assertThat(deferred).containsExactly(b);
    assertThat(finishedInOrder)
        .as("the held file comes back after the others")
        .containsExactly(a, c, b);
    for (BatchResult r : results) {
      assertThat(server.bytesOf(r.result().orElseThrow().sessionId()))
          .isEqualTo(Files.readAllBytes(r.file()));
    }
  }

  @Test
  void aFileWhoseHolderLetsGoUnfinishedIsComeBackToUntilThenAndTakenOver() throws Exception {
    UploadLock held = store.tryLock(keyOf(b)).orElseThrow();
    AtomicInteger visits = new AtomicInteger();

    List<BatchResult> results =
        batch(
            List.of(a, b, c),
            new BatchOptions.BatchListener() {
              @Override
              public void deferred(Path file, GraphUploadException why) {
                if (visits.incrementAndGet() == 3) {
                  held.close(); // its lease lapsed, or it failed
                }
              }
            });

    assertThat(visits).hasValue(3);
    assertThat(results.get(1).status()).isEqualTo(BatchResult.Status.TAKEN_OVER);
    assertThat(server.bytesOf(results.get(1).result().orElseThrow().sessionId()))
        .isEqualTo(Files.readAllBytes(b));
    assertThat(results).allSatisfy(r -> assertThat(r.handle()).isPresent());
  }

  @Test
  void aFileUploadedBeforeTheBatchIsAlreadyUploadedOneFinishedSinceIsDoneElsewhere()
      throws Exception {
    try (GraphUploader before = TestUploaders.builder(server, store, clock).build()) {
      before.upload(a);
    }
    clock.advance(Duration.ofMinutes(1));
    InMemorySessionStore othersStore = new InMemorySessionStore(clock);

    List<BatchResult> results =
        batch(
            List.of(a, b),
            new BatchOptions.BatchListener() {
              @Override
              public void finished(BatchResult result) {
                if (result.file().equals(a)) {
                  // meanwhile another worker finishes b, never seen holding it
                  try (GraphUploader other =
                      TestUploaders.builder(server, othersStore, clock).build()) {
                    other.upload(b);
                  }
                  store.save(othersStore.find(keyOf(b)).orElseThrow().withRevision(0));
                }
              }
            });

    assertThat(results)
        .extracting(BatchResult::status)
        .containsExactly(BatchResult.Status.ALREADY_UPLOADED, BatchResult.Status.DONE_ELSEWHERE);
  }

  @Test
  void aFileFinishedByAWorkerWhoseClockIsAnHourBehindIsStillDoneElsewhere() throws Exception {
    // its record says it was written an hour before this batch began: times decide nothing
    TestClock behind = new TestClock(clock.instant().minus(Duration.ofHours(1)));
    InMemorySessionStore othersStore = new InMemorySessionStore(behind);

    List<BatchResult> results =
        batch(
            List.of(a, b),
            new BatchOptions.BatchListener() {
              @Override
              public void finished(BatchResult result) {
                if (result.file().equals(a)) {
                  try (GraphUploader other =
                      TestUploaders.builder(server, othersStore, behind).build()) {
                    other.upload(b);
                  }
                  store.save(othersStore.find(keyOf(b)).orElseThrow().withRevision(0));
                }
              }
            });

    assertThat(results)
        .extracting(BatchResult::status)
        .containsExactly(BatchResult.Status.UPLOADED, BatchResult.Status.DONE_ELSEWHERE);
  }

  @Test
  void aHeldFileIsRevisitedOnTimeThoughTheWallClockIsSetBackAnHour() throws Exception {
    TestScheduler scheduler = new TestScheduler(clock);
    BatchOptions options = BatchOptions.defaults().parallel(1);
    int[] calls = {0};
    BatchUpload batch =
        new BatchUpload(
            (file, listener) ->
                calls[0]++ == 0
                    ? CompletableFuture.failedFuture(
                        new UploadLockedException(file.label(), keyOf(a)))
                    : CompletableFuture.failedFuture(new IllegalStateException("stop here")),
            file -> Optional.empty(),
            UploadListener.NONE,
            List.of(BatchUpload.Item.of(a)),
            options.batchListener(
                new BatchOptions.BatchListener() {
                  @Override
                  public void deferred(Path file, GraphUploadException why) {
                    clock.jump(Duration.ofHours(-1)); // a person fixing the date, say
                  }
                }),
            scheduler,
            clock);

    batch.start().results().get(10, TimeUnit.SECONDS);

    assertThat(calls[0]).as("tried, held, tried again").isEqualTo(2);
    assertThat(scheduler.delays())
        .as("the revisit waits what it should, not an hour more")
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(options.revisitEvery()));
  }

  @Test
  void aStopThatLandsWhileAFileIsBeingStartedStillEndsTheBatch() throws Exception {
    BatchUpload[] batch = new BatchUpload[1];
    batch[0] =
        new BatchUpload(
            (file, listener) -> {
              batch[0].stop(); // Ctrl-C, say, between taking the file and starting its upload
              return new CompletableFuture<>();
            },
            file -> Optional.empty(),
            UploadListener.NONE,
            List.of(BatchUpload.Item.of(a), BatchUpload.Item.of(b)),
            BatchOptions.defaults().parallel(1),
            new TestScheduler(clock),
            clock);
    batch[0].start();

    List<BatchResult> results = batch[0].results().get(10, TimeUnit.SECONDS);

    assertThat(results)
        .extracting(BatchResult::status)
        .containsExactly(BatchResult.Status.FAILED, BatchResult.Status.NOT_STARTED);
  }

  @Test
  void stoppingReportsEveryFileAndStartsNothingNew() throws Exception {
    store.tryLock(keyOf(a)).orElseThrow(); // held for good
    try (GraphUploader uploader = TestUploaders.builder(server, store, clock).build()) {
      BatchUpload[] running = new BatchUpload[1];
      CountDownLatch deferred = new CountDownLatch(1);
      running[0] =
          uploader.uploadAllAsync(
              List.of(a, b, a.resolveSibling("./" + a.getFileName())),
              BatchOptions.defaults()
                  .parallel(1)
                  .batchListener(
                      new BatchOptions.BatchListener() {
                        @Override
                        public void deferred(Path file, GraphUploadException why) {
                          deferred.countDown();
                        }
                      }));
      assertThat(deferred.await(10, TimeUnit.SECONDS)).isTrue();
      running[0].stop();
      List<BatchResult> results = running[0].results().get(10, TimeUnit.SECONDS);

      assertThat(results).as("a file named twice is one file").hasSize(2);
      assertThat(results.get(0).status())
          .isIn(BatchResult.Status.NOT_STARTED, BatchResult.Status.FAILED);
      assertThat(results.get(0).failure()).isPresent();
      assertThat(results.get(0).handle()).isEmpty();
    }
  }
}
