package dev.graphupload.core.internal;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.RestartReason;
import dev.graphupload.core.SessionId;
import java.time.Duration;

/**
 * What the {@link UploadMachine} wants told: the {@link UploadRun} turns each into a listener call
 * and a log line. Results and failures are told by the {@link Step.Finish} and {@link Step.Fail}
 * steps.
 */
sealed interface Notice {

  /** A session was created and recorded. */
  record SessionCreated(SessionId session) implements Notice {}

  /** A stored session goes on from the server's offset. */
  record Resumed(SessionId session, FileOffset from) implements Notice {}

  /** A stored session cannot be used; a new one starts. */
  record Restarted(RestartReason reason, String message) implements Notice {}

  /** The record's digests match the file over {@code covered} bytes. */
  record ContentMatched(long covered) implements Notice {}

  /** The file was uploaded before; its handle is reused. */
  record Reused(FileHandle handle) implements Notice {}

  /** The server confirmed bytes up to {@code offset}. */
  record Confirmed(FileOffset offset, long length) implements Notice {}

  /** A failure is retried after {@code delay}. */
  record Retrying(GraphUploadException failure, Duration delay, int attempt) implements Notice {}

  /** The server could not be asked whether it holds every byte; the handle is accepted. */
  record HandleUnverified(FileHandle handle, String why) implements Notice {}
}
