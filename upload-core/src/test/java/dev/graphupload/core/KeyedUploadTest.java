package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.transport.TransportRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads made as a service makes them: bytes saved to a new temporary file per request, named for
 * Graph by the caller, resumed by the caller's key; and bytes that are not a file at all.
 */
class KeyedUploadTest {

  private static final int LENGTH = 300_000;
  private static final long CHUNK = 100_000;

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
    return TestUploaders.builder(server, store, clock)
        .chunkPolicy(ChunkPolicy.fixed(CHUNK))
        .spoolDirectory(dir.resolve("spool"))
        .build();
  }

  private UploadResult upload(UploadRequest request) {
    try (GraphUploader uploader = uploader()) {
      return uploader.upload(request, listener);
    }
  }

  /** Runs {@code request} until the server confirmed its first chunk, then dies. */
  private void interrupted(UploadRequest request) {
    server.script(List.of(new Fault.None(), new Fault.None(), new Fault.Crash()));
    assertThatThrownBy(() -> upload(request)).hasRootCauseInstanceOf(Fault.SimulatedCrash.class);
    server.script(List.of());
  }

  /** A temporary file as a web framework makes one for each request: a new name, no extension. */
  private Path temporaryFile(byte[] content) throws IOException {
    return Files.write(Files.createTempFile(dir, "upload-", ".tmp"), content);
  }

  private static UploadRequest keyed(Path file, String key) {
    return UploadRequest.builder(file).fileName("clip.mp4").key(key).build();
  }

  private List<TransportRequest> creates() {
    return server.requests().stream().filter(r -> r.uri().getPath().endsWith("/uploads")).toList();
  }

  @Test
  void theContentKeyOfADigestIsTheKeyBytesGetWithoutOne() throws Exception {
    byte[] bytes = Files.readAllBytes(TestFiles.mp4(dir, 2_000, 61));
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);

    assertThat(UploadRequest.contentKey(digest))
        .isEqualTo(UploadRequest.builder(bytes).fileName("a.mp4").build().key().orElseThrow())
        .startsWith("sha256:")
        .hasSize("sha256:".length() + 64);
    assertThatThrownBy(() -> UploadRequest.contentKey(new byte[20]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void theSameBytesInANewTemporaryFileUnderTheSameKeyResumeTheFirstSession() throws Exception {
    byte[] content = TestFiles.content(FileType.MP4, LENGTH, 7);
    interrupted(keyed(temporaryFile(content), "order-42"));
    SessionId first = store.list().get(0).sessionId();

    UploadResult result = upload(keyed(temporaryFile(content), "order-42"));

    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.RESUMED);
    assertThat(result.sessionId()).isEqualTo(first);
    assertThat(result.bytesSent()).isEqualTo(LENGTH - CHUNK);
    assertThat(creates()).as("one session on the server").hasSize(1);
    assertThat(creates().get(0).uri().getRawQuery())
        .as("Graph sees the caller's name, not the temporary file's")
        .contains("file_name=clip.mp4");
    assertThat(server.bytesOf(result.sessionId())).isEqualTo(content);
    SessionRecord record = store.list().get(0);
    assertThat(record.callerKey()).contains("order-42");
    assertThat(record.fileName()).isEqualTo("clip.mp4");
  }

  @Test
  void otherBytesUnderTheSameKeyStartANewSessionAndSayWhy() throws Exception {
    byte[] first = TestFiles.content(FileType.MP4, LENGTH, 7);
    byte[] other = TestFiles.content(FileType.MP4, LENGTH, 8);
    interrupted(keyed(temporaryFile(first), "order-42"));
    SessionId firstSession = store.list().get(0).sessionId();

    UploadResult result = upload(keyed(temporaryFile(other), "order-42"));

    assertThat(result.sessionId()).isNotEqualTo(firstSession);
    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.UPLOADED);
    assertThat(listener.restarts).containsExactly(RestartReason.OTHER_CONTENT);
    assertThat(listener.restartMessages)
        .singleElement()
        .asString()
        .contains("Other bytes than its session began with are given under the key 'order-42'")
        .contains("differ from the bytes that were sent");
    assertThat(server.bytesOf(result.sessionId())).isEqualTo(other);
  }

  @Test
  void otherBytesUnderTheKeyOfAFinishedUploadNeverGetItsHandle() throws Exception {
    byte[] first = TestFiles.content(FileType.MP4, LENGTH, 7);
    byte[] other = TestFiles.content(FileType.MP4, LENGTH, 8);
    UploadResult done = upload(keyed(temporaryFile(first), "order-42"));

    UploadResult again = upload(keyed(temporaryFile(first), "order-42"));
    UploadResult result = upload(keyed(temporaryFile(other), "order-42"));

    assertThat(again.outcome()).isEqualTo(UploadResult.Outcome.ALREADY_UPLOADED);
    assertThat(again.handle()).isEqualTo(done.handle());
    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.UPLOADED);
    assertThat(result.handle()).isNotEqualTo(done.handle());
    assertThat(server.bytesOf(result.sessionId())).isEqualTo(other);
    assertThat(listener.restarts).containsExactly(RestartReason.OTHER_CONTENT);
  }

  @Test
  void anotherLengthUnderTheKeyIsNamedInTheRestart() throws Exception {
    interrupted(keyed(temporaryFile(TestFiles.content(FileType.MP4, LENGTH, 7)), "order-42"));

    upload(keyed(temporaryFile(TestFiles.content(FileType.MP4, LENGTH + 1, 7)), "order-42"));

    assertThat(listener.restartMessages)
        .singleElement()
        .asString()
        .contains("they were " + LENGTH + " bytes, now " + (LENGTH + 1));
  }

  @Test
  void bytesInMemoryResumeThroughACutByTheirContentHash() {
    byte[] content = TestFiles.content(FileType.MP4, LENGTH, 9);
    UploadRequest request = UploadRequest.builder(content).fileName("clip.mp4").build();
    interrupted(request);

    UploadResult result = upload(UploadRequest.builder(content).fileName("clip.mp4").build());

    assertThat(request.key()).get().asString().startsWith("sha256:").hasSize(7 + 64);
    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.RESUMED);
    assertThat(server.bytesOf(result.sessionId())).isEqualTo(content);
    assertThat(store.list().get(0).fingerprint()).isEmpty();
  }

  @Test
  void aBufferSendsOnlyTheBytesBetweenItsPositionAndLimit() {
    byte[] content = TestFiles.content(FileType.MP4, LENGTH, 10);
    byte[] padded = new byte[LENGTH + 20];
    System.arraycopy(content, 0, padded, 10, LENGTH);
    ByteBuffer buffer = ByteBuffer.wrap(padded, 10, LENGTH);

    UploadResult result =
        upload(UploadRequest.builder(UploadSource.of(buffer)).fileName("clip.mp4").build());

    assertThat(server.bytesOf(result.sessionId())).isEqualTo(content);
    assertThat(buffer.position()).as("the caller's buffer is left as it was").isEqualTo(10);
  }

  /** A source of the caller's own: ranged reads over bytes held elsewhere. */
  private static final class Ranged implements UploadSource {
    private final byte[] bytes;
    final AtomicInteger reads = new AtomicInteger();

    Ranged(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public long length() {
      return bytes.length;
    }

    @Override
    public int read(ByteBuffer target, long position) {
      reads.incrementAndGet();
      if (position >= bytes.length) {
        return -1;
      }
      int n = (int) Math.min(target.remaining(), bytes.length - position);
      target.put(bytes, (int) position, n);
      return n;
    }
  }

  @Test
  void aRangedSourceOfTheCallersOwnResumesThroughACutUnderItsKey() {
    byte[] content = TestFiles.content(FileType.MP4, LENGTH, 11);
    interrupted(
        UploadRequest.builder(new Ranged(content)).fileName("clip.mp4").key("blob-1").build());
    Ranged again = new Ranged(content);

    UploadResult result =
        upload(UploadRequest.builder(again).fileName("clip.mp4").key("blob-1").build());

    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.RESUMED);
    assertThat(result.bytesSent()).isEqualTo(LENGTH - CHUNK);
    assertThat(server.bytesOf(result.sessionId())).isEqualTo(content);
    assertThat(again.reads).hasPositiveValue();
  }

  @Test
  void aStreamIsSpooledUploadedAndItsSpoolFileDeleted() throws Exception {
    byte[] content = TestFiles.content(FileType.MP4, LENGTH, 12);

    UploadResult result =
        upload(
            UploadRequest.ofStream(new ByteArrayInputStream(content)).fileName("clip.mp4").build());

    assertThat(server.bytesOf(result.sessionId())).isEqualTo(content);
    assertThat(store.list().get(0).callerKey()).get().asString().startsWith("sha256:");
    try (var left = Files.list(dir.resolve("spool"))) {
      assertThat(left).as("the spool file is gone once the upload ends").isEmpty();
    }
  }

  @Test
  void aRequestSaysWhatItLacks() {
    byte[] content = TestFiles.content(FileType.MP4, 100, 1);
    assertThatThrownBy(() -> UploadRequest.builder(content).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call fileName(\"clip.mp4\")");
    assertThatThrownBy(() -> UploadRequest.builder(new Ranged(content)).fileName("a.mp4").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs a key to be resumed by");
    assertThatThrownBy(() -> UploadRequest.builder(content).fileName("../a.mp4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain name");
    assertThatThrownBy(() -> UploadRequest.builder(content).key(" "))
        .hasMessageContaining("An upload key is 1 to 512 characters");
  }

  @Test
  void aTemporaryFileWithoutAnExtensionUploadsUnderTheGivenNameAndItsContentIsStillChecked()
      throws Exception {
    Path tmp = temporaryFile(TestFiles.content(FileType.MP4, LENGTH, 13));

    assertThatThrownBy(() -> upload(UploadRequest.of(tmp)))
        .isInstanceOf(InvalidFileException.class)
        .hasMessageContaining("its extension is not one Graph accepts")
        .hasMessageContaining("--name");
    assertThatThrownBy(() -> upload(UploadRequest.builder(tmp).fileName("clip.pdf").build()))
        .isInstanceOf(InvalidFileException.class)
        .hasMessageContaining(
            "the name 'clip.pdf' says application/pdf but its content is video/mp4");
    assertThat(upload(UploadRequest.builder(tmp).fileName("clip.mp4").build()).fileLength())
        .isEqualTo(LENGTH);
  }

  @Test
  void aRecordNamingAnotherEndpointIsNeitherUsedNorContacted() throws Exception {
    Path file = temporaryFile(TestFiles.content(FileType.MP4, LENGTH, 14));
    interrupted(keyed(file, "order-7"));
    SessionRecord stored = store.list().get(0);
    URI elsewhere = URI.create("https://collector.invalid");
    store.save(
        new SessionRecord(
            stored.key(),
            stored.callerKey(),
            stored.fingerprint(),
            elsewhere,
            stored.appId(),
            stored.apiVersion(),
            stored.sessionId(),
            stored.fileName(),
            stored.fileLength(),
            stored.fileType(),
            stored.state(),
            stored.createdAt(),
            stored.updatedAt(),
            stored.expiresAt(),
            stored.revision()));
    int before = server.requests().size();

    UploadResult result = upload(keyed(file, "order-7"));

    assertThat(listener.restarts).containsExactly(RestartReason.OTHER_ENDPOINT);
    assertThat(listener.restartMessages)
        .singleElement()
        .asString()
        .contains("names another endpoint (https://collector.invalid)");
    assertThat(server.requests().subList(before, server.requests().size()))
        .allSatisfy(
            r -> assertThat(r.uri().toString()).startsWith(TestUploaders.ENDPOINT.toString()));
    assertThat(result.sessionId()).isNotEqualTo(stored.sessionId());
    assertThat(store.list().get(0).endpoint()).isEqualTo(TestUploaders.ENDPOINT);
  }
}
