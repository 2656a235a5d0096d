package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionConflictException;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.store.UploadLockedException;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GraphUploaderTest {

  @TempDir Path dir;

  private final TestClock clock = new TestClock();
  private final InMemorySessionStore store = new InMemorySessionStore(clock);
  private FakeGraphServer server;
  private RecordingListener listener;

  @BeforeEach
  void setUp() {
    server = TestUploaders.server();
    listener = new RecordingListener();
  }

  private GraphUploader uploader() {
    return TestUploaders.builder(server, store, clock).build();
  }

  private UploadResult upload(Path file) {
    try (GraphUploader uploader = uploader()) {
      return uploader.upload(file, listener);
    }
  }

  private SessionRecord recordOf(Path file) {
    return store.list().stream()
        .filter(r -> r.fingerprint().orElseThrow().path().equals(file.toAbsolutePath()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void uploadsAWholeFileInOneRequestAndRecordsItsHandle() throws Exception {
    Path file = TestFiles.mp4(dir, 100_000, 1);

    UploadResult result = upload(file);

    assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
    assertThat(result.bytesSent()).isEqualTo(100_000);
    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.UPLOADED);
    assertThat(result.handle().value()).startsWith("2:");
    assertThat(recordOf(file).state())
        .isEqualTo(new RecordState.Completed(result.handle(), clock.instant()));
    assertThat(server.requests())
        .extracting(TransportRequest::method)
        .as("create, send, and the query that confirms every byte arrived")
        .containsExactly("POST", "POST", "GET");
  }

  @Test
  void sendsNoConfirmingQueryWhenHandlesAreNotVerified() {
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).verifyHandles(false).build()) {
      uploader.upload(TestFiles.mp4(dir, 5_000, 40), listener);
    }

    assertThat(server.requests())
        .extracting(TransportRequest::method)
        .containsExactly("POST", "POST");
  }

  @Test
  void sendsTheTokenOnlyInTheAuthorizationHeader() {
    upload(TestFiles.mp4(dir, 5_000, 2));

    assertThat(server.tokenSeenInUrl()).isFalse();
    assertThat(server.requests())
        .allSatisfy(
            request -> {
              assertThat(request.headers())
                  .containsEntry("Authorization", "OAuth " + TestUploaders.TOKEN);
              assertThat(request.toString()).doesNotContain(TestUploaders.TOKEN);
            });
  }

  @Test
  void sendsTheSessionIdVerbatimWithItsSignature() {
    UploadResult result = upload(TestFiles.mp4(dir, 5_000, 3));

    URI sendUri = server.requests().get(1).uri();
    assertThat(sendUri.toString())
        .isEqualTo(TestUploaders.ENDPOINT + "/v24.0/" + result.sessionId().value());
    assertThat(result.sessionId().value()).contains("?sig=");
  }

  @Test
  void resumesFromServerOffsetAfterDisconnect() throws Exception {
    Path file = TestFiles.mp4(dir, 50_000, 4);
    server.script(List.of(new Fault.None(), new Fault.CutAfter(20_000)));

    UploadResult result = upload(file);

    assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
    assertThat(server.received())
        .extracting(FakeGraphServer.Received::offset)
        .containsExactly(0L, 20_000L);
    assertThat(result.bytesSent()).isEqualTo(50_000);
    assertThat(listener.count("retrying #1")).isEqualTo(1);
  }

  @Test
  void finishesWithAnEmptyRequestWhenTheLastReplyWasLost() throws Exception {
    Path file = TestFiles.mp4(dir, 10_000, 5);
    server.script(List.of(new Fault.None(), new Fault.LoseReply()));

    UploadResult result = upload(file);

    assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
    List<TransportRequest> requests = server.requests();
    assertThat(requests)
        .extracting(TransportRequest::method)
        .containsExactly("POST", "POST", "GET", "POST", "GET");
    assertThat(requests.get(3).headers()).containsEntry("file_offset", "10000");
    assertThat(requests.get(3).body().length()).isZero();
    assertThat(result.bytesSent()).isEqualTo(10_000);
  }

  @Test
  void resumesAStoredSessionAfterACrashWithoutResendingConfirmedBytes() throws Exception {
    Path file = TestFiles.mp4(dir, 30_000, 6);
    server.script(List.of(new Fault.None(), new Fault.CutAfter(12_345), new Fault.Crash()));
    assertThatThrownBy(() -> upload(file)).hasRootCauseInstanceOf(Fault.SimulatedCrash.class);

    UploadResult result = upload(file);

    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.RESUMED);
    assertThat(result.resumedFrom()).isEqualTo(FileOffset.of(12_345));
    assertThat(result.bytesSent()).isEqualTo(30_000 - 12_345);
    assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
    assertThat(listener.events).anyMatch(e -> e.startsWith("resumed ") && e.endsWith("at 12345"));
  }

  @Test
  void returnsTheStoredHandleOfAnUnchangedFileWithoutSendingAByte() {
    Path file = TestFiles.mp4(dir, 8_000, 7);
    UploadResult first = upload(file);
    int requestsBefore = server.requests().size();

    UploadResult second = upload(file);

    assertThat(second.handle()).isEqualTo(first.handle());
    assertThat(second.outcome()).isEqualTo(UploadResult.Outcome.ALREADY_UPLOADED);
    assertThat(second.bytesSent()).isZero();
    assertThat(server.requests()).hasSize(requestsBefore);
  }

  @Test
  void neverResumesAChangedFileAndSaysWhy() throws Exception {
    Path file = TestFiles.mp4(dir, 20_000, 8);
    server.script(List.of(new Fault.None(), new Fault.CutAfter(5_000), new Fault.Crash()));
    assertThatThrownBy(() -> upload(file)).hasRootCauseInstanceOf(Fault.SimulatedCrash.class);
    SessionId oldSession = recordOf(file).sessionId();
    Files.write(file, TestFiles.content(FileType.MP4, 21_000, 99));
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));

    UploadResult result = upload(file);

    assertThat(result.sessionId()).isNotEqualTo(oldSession);
    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.UPLOADED);
    assertThat(listener.restarts).containsExactly(RestartReason.FILE_CHANGED);
    assertThat(listener.restartMessages).singleElement().asString().contains("size");
    assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void startsANewSessionWhenTheServerForgotTheOldOne() throws Exception {
    Path file = TestFiles.mp4(dir, 20_000, 9);
    server.script(List.of(new Fault.None(), new Fault.CutAfter(5_000), new Fault.ExpireSession()));

    UploadResult result = upload(file);

    assertThat(listener.restarts).containsExactly(RestartReason.SESSION_EXPIRED);
    assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
    assertThat(recordOf(file).sessionId()).isEqualTo(result.sessionId());
  }

  @ParameterizedTest
  // 104 on a session call means the server no longer recognises the session: FailFastTest
  @ValueSource(ints = {190, 100, 200, 10, 368, 102})
  void stopsAtOnceOnAFatalGraphError(int code) {
    Path file = TestFiles.mp4(dir, 2_000, 10);
    server.script(List.of(new Fault.None(), new Fault.Fatal(code)));

    assertThatThrownBy(() -> upload(file))
        .isInstanceOfSatisfying(
            GraphApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.error().fbtraceId()).contains("AbCdEfFake");
            });
    assertThat(server.requests()).hasSize(2);
    assertThat(listener.count("retrying")).isZero();
  }

  @Test
  void tellsTheUserToGetANewTokenWhenItExpired() {
    server.script(List.of(new Fault.Fatal(190)));

    assertThatThrownBy(() -> upload(TestFiles.mp4(dir, 2_000, 11)))
        .hasMessageContaining("code 190")
        .hasMessageContaining("get a new one")
        .hasMessageContaining("resumes");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void retriesTransientGraphErrors(int code) throws Exception {
    Path file = TestFiles.mp4(dir, 3_000, 12);
    server.script(
        List.of(new Fault.Transient(code, 500), new Fault.None(), new Fault.Transient(code, 503)));

    UploadResult result = upload(file);

    assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
    assertThat(listener.count("retrying")).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 17, 32, 341, 613})
  void waitsLongerOnThrottlingAndHonoursRetryAfter(int code) {
    Path file = TestFiles.mp4(dir, 3_000, 13);
    server.script(
        List.of(new Fault.None(), new Fault.Throttle(code, 0), new Fault.Throttle(code, 90)));

    upload(file);

    assertThat(listener.delays).hasSize(2);
    assertThat(listener.delays.get(0)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
    assertThat(listener.delays.get(1)).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void givesUpAfterTheRetryPolicysAttempts() {
    Path file = TestFiles.mp4(dir, 3_000, 14);
    server.script(
        List.of(
            new Fault.Transient(2, 500), new Fault.Transient(2, 500), new Fault.Transient(2, 500)));

    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock)
            .retryPolicy(RetryPolicy.custom().maxAttempts(3).build())
            .build()) {
      assertThatThrownBy(() -> uploader.upload(file, listener))
          .isInstanceOfSatisfying(
              RetriesExhaustedException.class,
              e -> {
                assertThat(e.attempts()).isEqualTo(3);
                assertThat(e.getCause()).isInstanceOf(GraphApiException.class);
              })
          .hasMessageContaining("Run the upload again");
    }
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void asksTheServerAfterAMalformedSendReplyAndRejectsAMalformedOffset() {
    // create, a send answered with garbage, then the query answered with garbage too
    server.script(List.of(new Fault.None(), new Fault.Malformed(), new Fault.Malformed()));

    assertThatThrownBy(() -> upload(TestFiles.mp4(dir, 2_000, 15)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("report the session's offset")
        .hasMessageContaining("not JSON")
        .hasMessageContaining("<html>oops");
    assertThat(server.requests())
        .extracting(TransportRequest::method)
        .containsExactly("POST", "POST", "GET");
  }

  @Test
  void rejectsAnOffsetThatGoesBackwardsOnResume() {
    Path file = TestFiles.mp4(dir, 20_000, 16);
    // create, a send cut at 8000, the GET that confirms 8000 (recorded), then a crash
    server.script(
        List.of(new Fault.None(), new Fault.CutAfter(8_000), new Fault.None(), new Fault.Crash()));
    assertThatThrownBy(() -> upload(file)).hasRootCauseInstanceOf(Fault.SimulatedCrash.class);
    assertThat(recordOf(file).state()).isEqualTo(new RecordState.InProgress(FileOffset.of(8_000)));
    server.script(List.of(new Fault.LieAboutOffset(-1)));

    assertThatThrownBy(() -> upload(file))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("went backwards");
  }

  @Test
  void rejectsAnOffsetPastTheFileLength() {
    server.script(
        List.of(new Fault.None(), new Fault.CutAfter(100), new Fault.LieAboutOffset(1_000_000)));

    assertThatThrownBy(() -> upload(TestFiles.mp4(dir, 2_000, 17)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("offset of 1000100 for a file of 2000 bytes");
  }

  @Test
  void rejectsAReplyClaimingBytesThatWereNeverSent() {
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).chunkPolicy(ChunkPolicy.fixed(1_000)).build()) {
      server.script(List.of(new Fault.None(), new Fault.LieAboutOffset(500)));

      assertThatThrownBy(() -> uploader.upload(TestFiles.mp4(dir, 3_000, 18)))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("only bytes up to 1000 were sent");
    }
  }

  @Test
  void neverReportsSuccessForAHandleBeforeTheLastByte() {
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).chunkPolicy(ChunkPolicy.fixed(1_000)).build()) {
      server.script(List.of(new Fault.None(), new Fault.EarlyHandle()));

      assertThatThrownBy(() -> uploader.upload(TestFiles.mp4(dir, 3_000, 19)))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("handle");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"OFFSET_JSON", "EMPTY_BODY", "STATUS_206"})
  void toleratesEveryReplyToAPartialChunk(String mode) throws Exception {
    server.partialReply(FakeGraphServer.PartialReply.valueOf(mode));
    Path file = TestFiles.mp4(dir, 10_000, 20);
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).chunkPolicy(ChunkPolicy.fixed(3_000)).build()) {
      UploadResult result = uploader.upload(file);

      assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
      assertThat(server.received())
          .extracting(FakeGraphServer.Received::offset)
          .containsExactly(0L, 3_000L, 6_000L, 9_000L);
    }
  }

  @Test
  void recordsTheSessionBeforeTheFirstByte() {
    Path file = TestFiles.mp4(dir, 4_000, 21);
    server.script(List.of(new Fault.None(), new Fault.Crash()));

    assertThatThrownBy(() -> upload(file)).hasRootCauseInstanceOf(Fault.SimulatedCrash.class);

    SessionRecord record = recordOf(file);
    assertThat(record.state()).isEqualTo(new RecordState.InProgress(FileOffset.ZERO));
    assertThat(server.bytesOf(record.sessionId())).isEmpty();
  }

  @Test
  void aThrowingListenerNeverBreaksTheUpload() throws Exception {
    Path file = TestFiles.mp4(dir, 4_000, 22);
    UploadListener hostile =
        new UploadListener() {
          @Override
          public void started(UploadSubject f) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void bytesConfirmed(FileOffset offset, long length) {
            throw new IllegalStateException("listener bug");
          }
        };
    try (GraphUploader uploader = uploader()) {
      UploadResult result = uploader.upload(file, hostile);
      assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
    }
  }

  @Test
  void cancellingTheFutureStopsTheUploadAndKeepsTheRecord() throws Exception {
    Path file = TestFiles.mp4(dir, 4_000, 23);
    CountDownLatch sending = new CountDownLatch(1);
    CompletableFuture<TransportResponse> never = new CompletableFuture<>();
    HttpTransport stalling =
        new HttpTransport() {
          @Override
          public CompletableFuture<TransportResponse> execute(TransportRequest r, BodyProgress p) {
            if (r.body().length() > 0) {
              sending.countDown();
              return never;
            }
            return server.execute(r, p);
          }
        };
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).transport(stalling).build()) {
      CompletableFuture<UploadResult> future = uploader.uploadAsync(file, listener);
      assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();

      future.cancel(true);

      assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
      // the engine may still be handing the request over when cancel lands; it cancels it then
      assertThatThrownBy(() -> never.get(10, TimeUnit.SECONDS))
          .isInstanceOf(CancellationException.class);
      assertThat(recordOf(file).state()).isInstanceOf(RecordState.InProgress.class);
      // the listener hears of it on the upload's own thread, possibly after the future is done
      assertThat(listener.failedOnce.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(listener.failures).singleElement().isInstanceOf(UploadCancelledException.class);
    }
  }

  @Test
  void interruptingABlockingUploadCancelsItAndRestoresTheFlag() throws Exception {
    Path file = TestFiles.mp4(dir, 4_000, 24);
    CompletableFuture<TransportResponse> never = new CompletableFuture<>();
    HttpTransport stalling = (r, p) -> r.body().length() > 0 ? never : server.execute(r, p);
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).transport(stalling).build()) {
      Thread.currentThread().interrupt();

      assertThatThrownBy(() -> uploader.upload(file)).isInstanceOf(UploadCancelledException.class);
      assertThat(Thread.interrupted()).isTrue();
    }
  }

  @Test
  void refusesPlainHttpToAHostThatIsNotLoopback() {
    GraphUploaderBuilder builder =
        TestUploaders.builder(server, store, clock)
            .endpoint(URI.create("http://graph.example.com"));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unencrypted");
    builder.allowInsecureHttp(true).build().close();
    TestUploaders.builder(server, store, clock)
        .endpoint(URI.create("http://127.0.0.1:8089"))
        .build()
        .close();
    TestUploaders.builder(server, store, clock)
        .endpoint(URI.create("http://[::1]:8089"))
        .build()
        .close();
  }

  @Test
  void failsBeforeSendingAnythingWhenTheFileIsMissing() {
    assertThatThrownBy(() -> upload(dir.resolve("missing.mp4")))
        .isInstanceOf(InvalidFileException.class)
        .hasMessageContaining("missing.mp4")
        .hasMessageContaining("does not exist");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void failsWhenAnotherWriterChangedTheRecord() {
    Path file = TestFiles.mp4(dir, 4_000, 25);
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).chunkPolicy(ChunkPolicy.fixed(1_000)).build()) {
      UploadListener meddler =
          new UploadListener() {
            @Override
            public void bytesConfirmed(FileOffset offset, long length) {
              if (offset.value() == 1_000) {
                // another writer's record differs from what this upload wrote (an identical one
                // would be taken for this upload's own save whose reply was lost)
                SessionRecord current = recordOf(file);
                store.save(
                    current.withState(
                        current.state(), clock.instant().plusSeconds(1), current.expiresAt()));
              }
            }
          };

      assertThatThrownBy(() -> uploader.upload(file, meddler))
          .isInstanceOf(SessionConflictException.class)
          .hasMessageContaining("another upload of the same file");
    }
  }

  @Test
  void aSecondUploadOfTheSameFileIsToldAnotherOneIsRunning() throws Exception {
    Path file = TestFiles.mp4(dir, 4_000, 26);
    CountDownLatch sending = new CountDownLatch(1);
    CompletableFuture<TransportResponse> never = new CompletableFuture<>();
    HttpTransport stalling =
        (r, p) -> {
          if (r.body().length() > 0) {
            sending.countDown();
            return never;
          }
          return server.execute(r, p);
        };
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).transport(stalling).build()) {
      CompletableFuture<UploadResult> first = uploader.uploadAsync(file);
      assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();

      assertThatThrownBy(() -> uploader.upload(file))
          .isInstanceOf(UploadLockedException.class)
          .hasMessageContaining("Another upload of")
          .hasMessageContaining(file.getFileName().toString());

      first.cancel(true);
    }
  }

  @Test
  void givesUpWhenTheServerKeepsLosingTheSession() {
    Path file = TestFiles.mp4(dir, 4_000, 30);
    RetryPolicy fourAttempts = TestUploaders.patientRetries().toBuilder().maxAttempts(4).build();
    server.script(
        List.of(
            new Fault.None(),
            new Fault.ExpireSession(),
            new Fault.None(),
            new Fault.ExpireSession(),
            new Fault.None(),
            new Fault.ExpireSession(),
            new Fault.None(),
            new Fault.ExpireSession()));

    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).retryPolicy(fourAttempts).build()) {
      // each lost session is a surprise drawn from the one budget; no byte is confirmed between
      assertThatThrownBy(() -> uploader.upload(file, listener))
          .isInstanceOfSatisfying(
              RetriesExhaustedException.class, e -> assertThat(e.attempts()).isEqualTo(4))
          .hasMessageContaining("limit of 4 attempts")
          .hasMessageContaining("does not exist");
    }
    assertThat(listener.count("restarted:")).isEqualTo(3);
  }

  @Test
  void theLockIsFreeOnceTheUploadReturnsOrThrows() {
    // A lock that takes its time to release: were the result published first, a caller woken by
    // it (or a restarted uploader) could find the file still locked.
    AtomicInteger held = new AtomicInteger();
    SessionStore slowToRelease =
        new ForwardingStore(
            store,
            key -> {
              held.incrementAndGet();
              AtomicBoolean released = new AtomicBoolean();
              return Optional.of(
                  () -> {
                    if (released.compareAndSet(false, true)) {
                      try {
                        Thread.sleep(100);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      held.decrementAndGet();
                    }
                  });
            });
    Path file = TestFiles.mp4(dir, 4_000, 29);
    server.script(List.of(new Fault.None(), new Fault.Fatal(200)));
    // Replies come late, from another thread, so the caller is already waiting for the result.
    HttpTransport late =
        (r, p) ->
            server
                .execute(r, p)
                .thenApplyAsync(
                    reply -> reply, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
    try (GraphUploader uploader =
        TestUploaders.builder(server, slowToRelease, clock)
            .transport(late)
            .chunkPolicy(ChunkPolicy.fixed(1_000))
            .build()) {
      assertThatThrownBy(() -> uploader.upload(file)).isInstanceOf(GraphApiException.class);
      assertThat(held).as("locks held after a failed upload").hasValue(0);

      uploader.upload(file);
      assertThat(held).as("locks held after a finished upload").hasValue(0);
    }
  }

  @Test
  void closeWaitsForTheLastSaveOfACancelledUpload() throws Exception {
    // A cancelled upload's save already begun still lands; were close() not to wait for it, a
    // caller who closes the uploader and then the store (or breaks it, in the store-fault tests)
    // would see a write after close.
    CountDownLatch saving = new CountDownLatch(1);
    CountDownLatch letItSave = new CountDownLatch(1);
    AtomicBoolean saved = new AtomicBoolean();
    SessionStore slowToSave =
        new ForwardingStore(store, store::tryLock) {
          @Override
          public SessionRecord save(SessionRecord record) {
            if (saving.getCount() == 0) {
              return super.save(record);
            }
            saving.countDown();
            try {
              letItSave.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            SessionRecord kept = super.save(record);
            saved.set(true);
            return kept;
          }
        };
    Path file = TestFiles.mp4(dir, 4_000, 31);
    GraphUploader uploader =
        TestUploaders.builder(server, slowToSave, clock)
            .chunkPolicy(ChunkPolicy.fixed(1_000))
            .build();
    CompletableFuture<UploadResult> running = uploader.uploadAsync(file);
    assertThat(saving.await(10, TimeUnit.SECONDS)).as("the first save began").isTrue();
    running.cancel(true);

    Thread closing = new Thread(uploader::close, "closing");
    closing.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (closing.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(closing.getState()).as("close() waits").isEqualTo(Thread.State.TIMED_WAITING);
    assertThat(saved).isFalse();

    letItSave.countDown();
    closing.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(closing.isAlive()).as("close() returned").isFalse();
    assertThat(saved).as("the save ended before close() returned").isTrue();
    assertThat(store.list()).as("the record the cancelled upload saved").hasSize(1);
  }

  @Test
  void waitsForTheOtherUploadWhenConfiguredAndThenReusesItsHandle() throws Exception {
    Path file = TestFiles.mp4(dir, 4_000, 27);
    CountDownLatch sending = new CountDownLatch(1);
    CompletableFuture<TransportResponse> held = new CompletableFuture<>();
    AtomicReference<TransportRequest> stalled = new AtomicReference<>();
    HttpTransport stalling =
        (r, p) -> {
          if (r.body().length() > 0 && stalled.compareAndSet(null, r)) {
            sending.countDown();
            return held;
          }
          return server.execute(r, p);
        };
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock)
            .transport(stalling)
            .lockWait(Duration.ofMinutes(5))
            .build()) {
      CompletableFuture<UploadResult> first = uploader.uploadAsync(file);
      assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<UploadResult> second = uploader.uploadAsync(file);

      server.execute(stalled.get(), BodyProgress.NONE).thenAccept(held::complete);

      UploadResult done = first.get(10, TimeUnit.SECONDS);
      UploadResult waited = second.get(10, TimeUnit.SECONDS);
      assertThat(waited.outcome()).isEqualTo(UploadResult.Outcome.ALREADY_UPLOADED);
      assertThat(waited.handle()).isEqualTo(done.handle());
    }
  }

  @Test
  void reportsTheStoredSessionAndTheServersOffset() {
    Path file = TestFiles.mp4(dir, 30_000, 28);
    server.script(
        List.of(new Fault.None(), new Fault.CutAfter(7_000), new Fault.None(), new Fault.Crash()));
    assertThatThrownBy(() -> upload(file)).hasRootCauseInstanceOf(Fault.SimulatedCrash.class);

    try (GraphUploader uploader = uploader()) {
      SessionRecord stored = uploader.storedSession(file).orElseThrow();

      assertThat(stored.state()).isEqualTo(new RecordState.InProgress(FileOffset.of(7_000)));
      assertThat(uploader.serverOffset(stored.sessionId())).isEqualTo(FileOffset.of(7_000));
      assertThat(uploader.storedSession(dir.resolve("other.mp4"))).isEmpty();
      server.expire(stored.sessionId());
      assertThatThrownBy(() -> uploader.serverOffset(stored.sessionId()))
          .isInstanceOfSatisfying(
              GraphApiException.class, e -> assertThat(e.error().isSessionGone()).isTrue());
    }
  }
}
