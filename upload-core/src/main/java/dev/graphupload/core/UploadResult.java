package dev.graphupload.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A finished upload: the server holds every byte of the file and returned its handle.
 *
 * @param handle the handle to use in other Graph calls
 * @param sessionId the session the file was uploaded through
 * @param fileLength the file's length in bytes
 * @param bytesSent body bytes this run wrote (0 when a stored handle was reused); more than the
 *     part uploaded only when bytes had to be sent again after a failure
 * @param resumedFrom the server's offset when this run began sending (zero for a new session)
 * @param outcome what this run did to get the handle
 * @param elapsed how long the run took
 */
public record UploadResult(
    FileHandle handle,
    SessionId sessionId,
    long fileLength,
    long bytesSent,
    FileOffset resumedFrom,
    Outcome outcome,
    Duration elapsed) {

  /** What a run did to get its handle. */
  public enum Outcome {
    /** A new session was created and the whole file sent. */
    UPLOADED,
    /** A session begun by an earlier run went on from the server's offset ({@code resumedFrom}). */
    RESUMED,
    /** The file was uploaded before and its stored handle is still valid: nothing was sent. */
    ALREADY_UPLOADED
  }

  /** Validates the result. */
  public UploadResult {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(resumedFrom, "resumedFrom");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(elapsed, "elapsed");
    if (fileLength <= 0 || bytesSent < 0 || resumedFrom.value() > fileLength) {
      throw new IllegalArgumentException(
          "Inconsistent result: length " + fileLength + ", sent " + bytesSent);
    }
    if (outcome == Outcome.ALREADY_UPLOADED && bytesSent != 0) {
      throw new IllegalArgumentException("A reused handle sends no bytes: sent " + bytesSent);
    }
  }
}
