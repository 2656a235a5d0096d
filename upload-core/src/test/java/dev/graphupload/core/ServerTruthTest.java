package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.LeaseLostException;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.store.UploadLock;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server's offset is the only truth: every answer Graph may give to a send is handled, and no
 * handle counts until the server says it holds every byte.
 */
class ServerTruthTest {

  private static final String MISMATCH_100 =
      "{\"error\":{\"message\":\"offset mismatch\",\"code\":100,\"error_subcode\":1363037}}";
  private static final String MISMATCH_6001 =
      "{\"error\":{\"message\":\"There was a problem uploading your video file\",\"code\":6001,"
          + "\"error_subcode\":1363037,\"type\":\"OAuthException\"}}";
  private static final String MISMATCH_6001_WITH_DATA =
      "{\"error\":{\"message\":\"There was a problem uploading your video file\",\"code\":6001,"
          + "\"error_subcode\":1363037,\"error_data\":{\"start_offset\":\"1000\","
          + "\"end_offset\":\"2000\"}}}";
  private static final String UNKNOWN_400 =
      "{\"error\":{\"message\":\"Something unexpected\",\"code\":6000,\"type\":\"Exception\"}}";

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

  private UploadResult upload(Path file, ChunkPolicy chunks, RetryPolicy retries) {
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock)
            .chunkPolicy(chunks)
            .retryPolicy(retries)
            .build()) {
      return uploader.upload(file, listener);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {MISMATCH_100, MISMATCH_6001, MISMATCH_6001_WITH_DATA, UNKNOWN_400})
  void resumesFromTheServersOffsetAfterAnyRefusalThatIsNotFinal(String refusal) throws Exception {
    Path file = TestFiles.mp4(dir, 3_000, 50);
    // create; the second chunk arrives but is answered with the refusal
    server.script(
        List.of(new Fault.None(), new Fault.None(), new Fault.Answer(true, 400, refusal)));

    UploadResult result = upload(file, ChunkPolicy.fixed(1_000), TestUploaders.patientRetries());

    assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.UPLOADED);
    assertThat(server.received())
        .extracting(FakeGraphServer.Received::offset)
        .as("the refused chunk is not sent again: the server said it has it")
        .containsExactly(0L, 1_000L, 2_000L);
  }

  @Test
  void resendsWhatTheServerDidNotKeepAfterAMismatch() throws Exception {
    Path file = TestFiles.mp4(dir, 3_000, 51);
    server.script(
        List.of(new Fault.None(), new Fault.None(), new Fault.Answer(false, 400, MISMATCH_6001)));

    UploadResult result = upload(file, ChunkPolicy.fixed(1_000), TestUploaders.patientRetries());

    assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
    assertThat(server.received())
        .extracting(FakeGraphServer.Received::offset)
        .containsExactly(0L, 1_000L, 2_000L);
    assertThat(listener.count("retrying #1")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"success\":true}", "{}"})
  void asksHowFarAChunkGotWhenTheReplyDoesNotSay(String reply) throws Exception {
    Path file = TestFiles.mp4(dir, 3_000, 52);
    server.script(List.of(new Fault.None(), new Fault.Answer(true, 200, reply)));

    UploadResult result = upload(file, ChunkPolicy.fixed(1_000), TestUploaders.patientRetries());

    assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
    assertThat(server.requests())
        .extracting(TransportRequest::method)
        .containsExactly("POST", "POST", "GET", "POST", "POST", "GET");
  }

  @Test
  void givesUpOnAServerThatAcceptsChunksButKeepsNothing() {
    Path file = TestFiles.mp4(dir, 3_000, 53);
    server.script(
        List.of(
            new Fault.None(),
            new Fault.Answer(false, 200, "{\"success\":true}"),
            new Fault.None(),
            new Fault.Answer(false, 200, "{\"success\":true}")));

    RetryPolicy two = TestUploaders.patientRetries().toBuilder().maxAttempts(2).build();
    assertThatThrownBy(() -> upload(file, ChunkPolicy.fixed(1_000), two))
        .isInstanceOf(RetriesExhaustedException.class)
        .hasMessageContaining("holds no more than before");
  }

  @Test
  void neverReportsSuccessForAHandleTheServersOffsetDoesNotBackAndFinishesTheFile()
      throws Exception {
    Path file = TestFiles.mp4(dir, 4_000, 54);
    // the server keeps half the body and answers with a handle anyway
    server.script(List.of(new Fault.None(), new Fault.HandleAfter(2_000)));

    UploadResult result =
        upload(file, ChunkPolicy.wholeRemainder(), TestUploaders.patientRetries());

    assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
    assertThat(server.received())
        .extracting(FakeGraphServer.Received::offset)
        .containsExactly(0L, 2_000L);
    assertThat(result.bytesSent())
        .as("what the server kept of the first body, then the rest")
        .isEqualTo(4_000);
    assertThat(listener.events).anyMatch(e -> e.contains("holds only 2000 of 4000 bytes"));
  }

  @Test
  void failsWithoutAHandleWhenTheServerKeepsClaimingBytesItDoesNotHold() {
    Path file = TestFiles.mp4(dir, 4_000, 55);
    server.script(
        List.of(
            new Fault.None(),
            new Fault.HandleAfter(0),
            new Fault.None(),
            new Fault.HandleAfter(0),
            new Fault.None(),
            new Fault.HandleAfter(0)));

    RetryPolicy two = TestUploaders.patientRetries().toBuilder().maxAttempts(2).build();
    assertThatThrownBy(() -> upload(file, ChunkPolicy.wholeRemainder(), two))
        .isInstanceOf(RetriesExhaustedException.class)
        .hasMessageContaining("holds only 0 of 4000 bytes");
    assertThat(store.list())
        .singleElement()
        .extracting(SessionRecord::state)
        .isInstanceOf(RecordState.InProgress.class);
  }

  @Test
  void acceptsAHandleUncheckedWhenTheServerForgotTheFinishedSessionAndSaysSo() {
    Path file = TestFiles.mp4(dir, 4_000, 56);
    // create, send (handle), then the confirming query finds the session gone
    server.script(List.of(new Fault.None(), new Fault.None(), new Fault.ExpireSession()));

    UploadResult result =
        upload(file, ChunkPolicy.wholeRemainder(), TestUploaders.patientRetries());

    assertThat(result.handle().value()).isEqualTo(server.handleOf(result.sessionId()));
    assertThat(listener.events)
        .anyMatch(e -> e.startsWith("unverified " + result.handle()) && e.contains("exist"));
  }

  @Test
  void aLostLeaseIsReportedOnTheUploadersExecutorAndStopsTheRequest() throws Exception {
    Path file = TestFiles.mp4(dir, 4_000, 57);
    AtomicReference<Runnable> onLost = new AtomicReference<>();
    CountDownLatch sending = new CountDownLatch(1);
    CompletableFuture<TransportResponse> never = new CompletableFuture<>();
    HttpTransport stalling =
        (request, progress) -> {
          if (request.body().length() > 0) {
            sending.countDown();
            return never;
          }
          return server.execute(request, progress);
        };
    SessionStore leasing =
        new ForwardingStore(
            store,
            key ->
                Optional.of(
                    new UploadLock() {
                      @Override
                      public void close() {}

                      @Override
                      public void onLost(Runnable action) {
                        onLost.set(action);
                      }
                    }));

    try (GraphUploader uploader =
        TestUploaders.builder(server, leasing, clock).transport(stalling).build()) {
      CompletableFuture<UploadResult> result = uploader.uploadAsync(file, listener);
      assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();

      Thread renewal = new Thread(onLost.get(), "lease-renewal");
      renewal.start();
      renewal.join();

      assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(LeaseLostException.class);
      assertThat(never).isCancelled();
      assertThat(listener.threads).containsExactly("test-uploader");
    }
  }
}
