package dev.graphupload.testkit;

import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.FileType;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Session records for store tests, every field distinct so a mixed-up field shows. */
public final class TestRecords {

  private TestRecords() {}

  /**
   * A new (revision 0) in-progress record for the file {@code name}, living one hour from {@code
   * now}.
   *
   * @param name a file name, such as {@code clip-1.mp4}
   * @param now the record's creation time
   * @return the record
   */
  public static SessionRecord record(String name, Instant now) {
    URI endpoint = URI.create("https://graph.example.test");
    AppId app = AppId.of("4242");
    Path path = Path.of("/data/uploads", name);
    return new SessionRecord(
        UploadKey.of(endpoint, app, path),
        Optional.empty(),
        Optional.of(new Fingerprint(path, 5_000_000, now.minusSeconds(3600), "ab".repeat(32))),
        endpoint,
        app,
        ApiVersion.of("v23.0"),
        SessionId.of("upload:" + name.replace('.', '_') + "?sig=ARZsig" + name.length()),
        name,
        5_000_000,
        FileType.MP4,
        new RecordState.InProgress(FileOffset.of(1234)),
        now.minusSeconds(60),
        now,
        now.plus(Duration.ofHours(1)),
        0);
  }
}
