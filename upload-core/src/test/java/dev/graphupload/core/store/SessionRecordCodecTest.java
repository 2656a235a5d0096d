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
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.codec.SessionRecordCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionRecordCodecTest {

  static SessionRecord sample(RecordState state) {
    URI endpoint = URI.create("http://127.0.0.1:8089");
    AppId app = AppId.of("42");
    Instant t = Instant.parse("2026-05-01T10:15:30.123456789Z");
    return new SessionRecord(
        UploadKey.of(endpoint, app, Path.of("/data/clip \"é\".mp4")),
        Optional.empty(),
        Optional.of(
            new Fingerprint(
                Path.of("/data/clip \"é\".mp4"), 1234, t, "0123456789abcdef".repeat(4))),
        endpoint,
        app,
        ApiVersion.of("v19.0"),
        SessionId.of("upload:MTphdHRhY2g=?sig=ARZ+/x"),
        "clip \"é\".mp4",
        1234,
        FileType.MP4,
        state,
        t,
        t.plusSeconds(5),
        t.plusSeconds(86_400),
        7);
  }

  @Test
  void roundTripsEveryFieldOfBothStates() {
    for (RecordState state :
        new RecordState[] {
          new RecordState.InProgress(FileOffset.of(99)),
          new RecordState.Completed(
              FileHandle.of("2:Y2xpcA==:video/mp4:x:e:1800000000:ARZ"),
              Instant.parse("2026-05-02T00:00:00Z"))
        }) {
      SessionRecord record = sample(state);

      assertThat(SessionRecordCodec.decode(SessionRecordCodec.encode(record))).isEqualTo(record);
    }
  }

  @Test
  void writesTheSchemaVersionAndNoTokenField() {
    String json =
        new String(
            SessionRecordCodec.encode(sample(new RecordState.InProgress(FileOffset.ZERO))),
            StandardCharsets.UTF_8);

    assertThat(json).startsWith("{\"schema\":1,").doesNotContainIgnoringCase("token");
  }

  @Test
  void refusesAnotherSchemaWithAMessageThatSaysWhatToDo() {
    String json =
        new String(
            SessionRecordCodec.encode(sample(new RecordState.InProgress(FileOffset.ZERO))),
            StandardCharsets.UTF_8);

    assertThatThrownBy(
            () ->
                SessionRecordCodec.decode(
                    json.replace("\"schema\":1", "\"schema\":2").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("schema 2")
        .hasMessageContaining("Upgrade graph-upload");
    assertThatThrownBy(
            () ->
                SessionRecordCodec.decode(
                    json.replace("\"schema\":1,", "").getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("schema (none)");
  }

  @Test
  void namesWhatIsWrongWithACorruptRecord() {
    String json =
        new String(
            SessionRecordCodec.encode(sample(new RecordState.InProgress(FileOffset.ZERO))),
            StandardCharsets.UTF_8);

    assertThatThrownBy(
            () -> SessionRecordCodec.decode("{not json".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(
            () ->
                SessionRecordCodec.decode(
                    json.replace("\"fileLength\":1234,", "").getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("\"fileLength\" is missing");
    assertThatThrownBy(
            () ->
                SessionRecordCodec.decode(
                    json.replace("\"confirmed\":0", "\"confirmed\":99999")
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("cannot pass the file length");
    assertThatThrownBy(
            () ->
                SessionRecordCodec.decode(
                    json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CorruptRecordException.class);
  }
}
