package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.store.SessionStoreException;
import dev.graphupload.core.store.UploadLock;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportFailures;
import dev.graphupload.core.transport.TransportRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is not worth retrying is not retried: a server never reached, an unknown host, a file that
 * changed under the upload; and a session the server no longer recognises starts anew.
 */
class FailFastTest {

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

  private static TransportRequest request() {
    return new TransportRequest(
        "GET",
        URI.create("https://graph.test.invalid:8443/v24.0/upload:x"),
        Map.of(),
        RequestBody.empty(),
        Duration.ofSeconds(5),
        1024);
  }

  @Test
  void anUnknownHostIsNotRetriedAndIsNamedAsSuch() {
    for (Throwable cause :
        List.of(
            new UnknownHostException("graph.test.invalid"),
            new ConnectException("x").initCause(new UnresolvedAddressException()))) {
      Throwable failure = TransportFailures.translate(cause, request());

      assertThat(failure)
          .isInstanceOfSatisfying(
              TransportException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.FATAL))
          .hasMessageContaining("unknown")
          .hasMessageContaining("GET https://graph.test.invalid:8443");
    }
  }

  @Test
  void anAppIdThatNamesNothingFailsAtOnceThough100Slash33MeansAGoneSessionElsewhere()
      throws Exception {
    Path file = TestFiles.mp4(dir, 2_000, 40);
    try (GraphUploader uploader =
        TestUploaders.builder(server, new InMemorySessionStore(clock), clock)
            .appId(AppId.of("7"))
            .build()) {
      assertThatThrownBy(() -> uploader.upload(file, listener))
          .isInstanceOf(GraphApiException.class)
          .hasMessageContaining("Object with ID '7' does not exist");
    }
    assertThat(listener.delays).as("not retried: the app id is wrong").isEmpty();
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aServerThatNeverAnsweredFailsAtOnceWithAHint() {
    AtomicInteger calls = new AtomicInteger();
    HttpTransport refusing =
        (request, progress) -> {
          calls.incrementAndGet();
          return CompletableFuture.failedFuture(
              TransportFailures.translate(new ConnectException("Connection refused"), request));
        };
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).transport(refusing).build()) {
      assertThatThrownBy(() -> uploader.upload(TestFiles.mp4(dir, 1_000, 60), listener))
          .isInstanceOfSatisfying(
              TransportException.class, e -> assertThat(e.isRetryable()).isFalse())
          .hasMessageContaining("connection refused")
          .hasMessageContaining("Nothing listens there");
    }
    assertThat(calls).hasValue(1);
  }

  @Test
  void aRefusalAfterTheServerAnsweredIsRetriedLikeACut() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpTransport restarting =
        (request, progress) ->
            calls.incrementAndGet() == 2
                ? CompletableFuture.failedFuture(
                    TransportFailures.translate(
                        new ConnectException("Connection refused"), request))
                : server.execute(request, progress);
    Path file = TestFiles.mp4(dir, 1_000, 61);
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).transport(restarting).build()) {
      UploadResult result = uploader.upload(file, listener);

      assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
      assertThat(listener.count("retrying #1")).isEqualTo(1);
    }
  }

  @Test
  void aSessionWhoseSignatureTheServerNoLongerAcceptsStartsAnew() throws Exception {
    Path file = TestFiles.mp4(dir, 20_000, 62);
    server.script(List.of(new Fault.None(), new Fault.CutAfter(5_000), new Fault.Crash()));
    assertThatThrownBy(() -> upload(file)).hasRootCauseInstanceOf(Fault.SimulatedCrash.class);
    // the resumed run's query is refused with 104, as by a server that lost its signing key
    server.script(List.of(new Fault.Fatal(104)));

    UploadResult result = upload(file);

    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.UPLOADED);
    assertThat(listener.restarts).containsExactly(RestartReason.SESSION_EXPIRED);
    assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void aFileThatChangesBetweenRequestsStopsTheUploadAndIsNeverReported() throws Exception {
    Path file = TestFiles.mp4(dir, 3_000, 63);
    UploadListener growing =
        new UploadListener() {
          @Override
          public void bytesConfirmed(FileOffset offset, long length) {
            if (offset.value() == 1_000) {
              try {
                Files.write(file, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          }
        };
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).chunkPolicy(ChunkPolicy.fixed(1_000)).build()) {
      assertThatThrownBy(() -> uploader.upload(file, growing))
          .isInstanceOf(InvalidFileException.class)
          .hasMessageContaining("changed while it was being uploaded");
    }
    assertThat(server.received()).hasSize(1);
  }

  private UploadResult upload(Path file) {
    try (GraphUploader uploader = TestUploaders.builder(server, store, clock).build()) {
      return uploader.upload(file, listener);
    }
  }

  @Test
  void aSaveThatArrivedThoughItsReplyWasLostIsTakenForOurOwn() throws Exception {
    Path file = TestFiles.mp4(dir, 3_000, 64);
    AtomicInteger saves = new AtomicInteger();
    SessionStore slow =
        new SessionStore() {
          @Override
          public Optional<SessionRecord> find(UploadKey key) {
            return store.find(key);
          }

          @Override
          public SessionRecord save(SessionRecord record) {
            SessionRecord saved = store.save(record);
            if (saves.incrementAndGet() == 2) {
              // applied, but the answer came too late: as a store paused past its timeout
              throw new SessionStoreException("The save timed out", FailureKind.TRANSIENT, null);
            }
            return saved;
          }

          @Override
          public boolean delete(UploadKey key) {
            return store.delete(key);
          }

          @Override
          public List<SessionRecord> list() {
            return store.list();
          }

          @Override
          public Optional<UploadLock> tryLock(UploadKey key) {
            return store.tryLock(key);
          }
        };

    try (GraphUploader uploader =
        TestUploaders.builder(server, slow, clock).chunkPolicy(ChunkPolicy.fixed(1_000)).build()) {
      UploadResult result = uploader.upload(file, listener);

      assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
    }
    assertThat(store.list())
        .singleElement()
        .satisfies(r -> assertThat(r.state()).isInstanceOf(RecordState.Completed.class));
  }

  @Test
  void anInPlaceEditThatKeepsSizeAndRestoresTheTimeIsNeverResumed() throws Exception {
    Path file = TestFiles.mp4(dir, 300_000, 65);
    server.script(List.of(new Fault.None(), new Fault.CutAfter(100_000), new Fault.Crash()));
    assertThatThrownBy(() -> upload(file)).hasRootCauseInstanceOf(Fault.SimulatedCrash.class);
    FileTime before = Files.getLastModifiedTime(file);
    // as a backup or sync tool does: new bytes in the middle, same size, the old time put back
    byte[] bytes = Files.readAllBytes(file);
    bytes[150_000] ^= 0x5a;
    Files.write(file, bytes);
    Files.setLastModifiedTime(file, before);

    UploadResult result = upload(file);

    assertThat(listener.restarts).containsExactly(RestartReason.FILE_CHANGED);
    assertThat(listener.restartMessages)
        .singleElement()
        .asString()
        .contains("inode or status-change");
    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.UPLOADED);
    assertThat(server.bytesOf(result.sessionId())).isEqualTo(bytes);
  }
}
