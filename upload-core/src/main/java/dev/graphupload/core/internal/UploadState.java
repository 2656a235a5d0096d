package dev.graphupload.core.internal;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.SessionId;

/**
 * Where one upload stands, as far as the client knows. Changed only by {@link
 * SessionStateMachine#apply}.
 */
public sealed interface UploadState {

  /** No session yet, or the last one was lost. */
  record NoSession() implements UploadState {}

  /** The server holds the file up to {@code confirmed}; nothing is in flight. */
  record Ready(SessionId session, FileOffset confirmed, long length) implements UploadState {}

  /** A request carrying bytes {@code [confirmed, sendingTo)} is in flight. */
  record Sending(SessionId session, FileOffset confirmed, FileOffset sendingTo, long length)
      implements UploadState {}

  /**
   * A request ended without saying how far the server got: it may hold anything from {@code
   * confirmed} to {@code sentUpTo}. Only the server can say.
   */
  record Unsure(SessionId session, FileOffset confirmed, FileOffset sentUpTo, long length)
      implements UploadState {}

  /** Every byte arrived and the server returned a handle. Final. */
  record Done(SessionId session, FileHandle handle, long length) implements UploadState {}
}
