package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.codec.SessionRecordCodec;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.RangeDigest;
import dev.graphupload.core.store.SessionRecord;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With content verification, a file whose only difference is its identity (a chmod, an edit with
 * its modification time set back) is compared byte for byte with what was sent: resumed or reused
 * when it matches, sent anew when it does not.
 */
class ContentVerificationTest {

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

  private UploadResult upload(Path file, boolean verifyContent) {
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock)
            .chunkPolicy(ChunkPolicy.fixed(CHUNK))
            .verifyContent(verifyContent)
            .build()) {
      return uploader.upload(file, listener);
    }
  }

  private SessionRecord recordOf(Path file) {
    return store.list().stream()
        .filter(r -> r.fingerprint().orElseThrow().path().equals(file.toAbsolutePath()))
        .findFirst()
        .orElseThrow();
  }

  /** A run that dies after the server confirmed the first chunk. */
  private Path halfUploaded(boolean verifyContent) {
    Path file = TestFiles.mp4(dir, LENGTH, 5);
    server.script(List.of(new Fault.None(), new Fault.None(), new Fault.Crash()));
    assertThatThrownBy(() -> upload(file, verifyContent))
        .hasRootCauseInstanceOf(Fault.SimulatedCrash.class);
    return file;
  }

  private static void chmod(Path file) throws Exception {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  /** Changes a byte the sampled head and tail do not cover, and sets the time back. */
  private static void editInTheMiddleKeepingTheTime(Path file) throws Exception {
    FileTime before = Files.getLastModifiedTime(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(80_000);
      int b = raf.read();
      raf.seek(80_000);
      raf.write(b ^ 0xff);
    }
    Files.setLastModifiedTime(file, before);
  }

  @Test
  void recordsTheDigestsOfTheBytesSentBeforeEachRequestAndTheCodecKeepsThem() throws Exception {
    Path file = halfUploaded(true);

    SessionRecord record = recordOf(file);

    // the second request died, but its bytes were digested before it went: whatever part of them
    // the server kept can be compared (ranges under 1 MiB are merged into one)
    assertThat(record.state().digests())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.from()).isZero();
              assertThat(d.to()).isEqualTo(2 * CHUNK);
            });
    assertThat(SessionRecordCodec.decode(SessionRecordCodec.encode(record))).isEqualTo(record);
  }

  @Test
  void aChmodIsResumedWhenTheContentMatches() throws Exception {
    Path file = halfUploaded(true);
    SessionId session = recordOf(file).sessionId();
    chmod(file);

    UploadResult result = upload(file, true);

    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.RESUMED);
    assertThat(result.sessionId()).isEqualTo(session);
    assertThat(result.bytesSent()).isEqualTo(LENGTH - CHUNK);
    assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
    assertThat(recordOf(file).state().digests())
        .extracting(RangeDigest::to)
        .last()
        .isEqualTo((long) LENGTH);
  }

  @Test
  void anEditWithItsTimeSetBackIsSentAnewNamingTheBytesThatDiffer() throws Exception {
    Path file = halfUploaded(true);
    SessionId session = recordOf(file).sessionId();
    editInTheMiddleKeepingTheTime(file);

    UploadResult result = upload(file, true);

    assertThat(result.sessionId()).isNotEqualTo(session);
    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.UPLOADED);
    assertThat(listener.restarts).containsExactly(RestartReason.FILE_CHANGED);
    assertThat(listener.restartMessages)
        .singleElement()
        .asString()
        .contains("bytes 0 to 200000 differ from the bytes that were sent");
    assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void aHandleIsReusedAfterAChmodOnlyWhenTheWholeFileMatches() throws Exception {
    Path file = TestFiles.mp4(dir, LENGTH, 6);
    UploadResult first = upload(file, true);
    chmod(file);

    UploadResult again = upload(file, true);
    editInTheMiddleKeepingTheTime(file);
    UploadResult afterEdit = upload(file, true);

    assertThat(again.outcome()).isEqualTo(UploadResult.Outcome.ALREADY_UPLOADED);
    assertThat(again.handle()).isEqualTo(first.handle());
    assertThat(afterEdit.outcome()).isEqualTo(UploadResult.Outcome.UPLOADED);
    assertThat(afterEdit.handle()).isNotEqualTo(first.handle());
    assertThat(server.bytesOf(afterEdit.sessionId())).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void withoutVerificationAChmodStartsOverAndSaysContentCouldBeCompared() throws Exception {
    Path file = halfUploaded(false);
    assertThat(recordOf(file).state().digests()).isEmpty();
    chmod(file);

    UploadResult result = upload(file, false);

    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.UPLOADED);
    assertThat(result.bytesSent()).isEqualTo(LENGTH);
    assertThat(listener.restartMessages)
        .singleElement()
        .asString()
        .contains("with content verification on, its content would be compared instead");
  }
}
