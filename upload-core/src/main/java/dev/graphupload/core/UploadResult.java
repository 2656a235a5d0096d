package dev.graphupload.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A finished upload.
 *
 * @param handle the handle to use in other Graph calls
 * @param sessionId the session the file was uploaded through
 * @param fileLength the file's length in bytes
 * @param bytesSent body bytes this run sent (0 when a stored handle was reused); more than the part
 *     uploaded only when bytes had to be sent again after a failure
 * @param resumedFrom the server's offset when this run began sending (zero for a new session)
 * @param resumed whether this run went on with a session created before it
 * @param reused whether the handle came from the store without sending a byte
 * @param elapsed how long the run took
 */
public record UploadResult(
    FileHandle handle,
    SessionId sessionId,
    long fileLength,
    long bytesSent,
    FileOffset resumedFrom,
    boolean resumed,
    boolean reused,
    Duration elapsed) {

  /** Validates the result. */
  public UploadResult {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(resumedFrom, "resumedFrom");
    Objects.requireNonNull(elapsed, "elapsed");
    if (fileLength <= 0 || bytesSent < 0 || resumedFrom.value() > fileLength) {
      throw new IllegalArgumentException(
          "Inconsistent result: length " + fileLength + ", sent " + bytesSent);
    }
  }
}
