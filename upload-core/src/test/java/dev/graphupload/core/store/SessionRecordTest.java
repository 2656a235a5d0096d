package dev.graphupload.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.FileType;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.TestClock;
import dev.graphupload.core.UploadKey;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a record refuses. The in-memory store itself runs the store contract suite in {@code
 * upload-testkit} (InMemorySessionStoreContractTest), which core cannot depend on.
 */
class SessionRecordTest {

  private final TestClock clock = new TestClock();

  private SessionRecord record(String path) {
    URI endpoint = URI.create("https://graph.facebook.com");
    AppId app = AppId.of("1");
    Instant now = clock.instant();
    return new SessionRecord(
        UploadKey.of(endpoint, app, Path.of(path)),
        Optional.empty(),
        Optional.of(new Fingerprint(Path.of(path), 10, now, "a".repeat(64))),
        endpoint,
        app,
        ApiVersion.DEFAULT,
        SessionId.of("upload:x?sig=y"),
        "f.mp4",
        10,
        FileType.MP4,
        new RecordState.InProgress(FileOffset.ZERO),
        now,
        now,
        now.plus(Duration.ofHours(1)),
        0);
  }

  @Test
  void recordsRefuseImpossibleContent() {
    SessionRecord valid = record("/a.mp4");

    assertThatThrownBy(
            () ->
                valid.withState(
                    new RecordState.InProgress(FileOffset.of(11)),
                    clock.instant(),
                    valid.expiresAt()))
        .hasMessageContaining("cannot pass the file length");
    assertThat(
            valid
                .withState(
                    new RecordState.Completed(FileHandle.of("h"), clock.instant()),
                    clock.instant(),
                    valid.expiresAt())
                .state())
        .isInstanceOf(RecordState.Completed.class);
  }
}
