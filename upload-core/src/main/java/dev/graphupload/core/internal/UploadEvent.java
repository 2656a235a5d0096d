package dev.graphupload.core.internal;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.SessionId;

/** Something that happened to an upload: the input of {@link SessionStateMachine#apply}. */
public sealed interface UploadEvent {

  /** The server created a session for a file of {@code length} bytes. */
  record SessionCreated(SessionId session, long length) implements UploadEvent {}

  /**
   * A stored session was found on the server: it holds {@code serverOffset}; the store last
   * recorded {@code recorded}.
   */
  record SessionFound(SessionId session, FileOffset recorded, FileOffset serverOffset, long length)
      implements UploadEvent {}

  /** A request carrying the next {@code bytes} bytes was started. */
  record ChunkStarted(long bytes) implements UploadEvent {}

  /** The server said it holds the file up to {@code offset}. */
  record OffsetReported(FileOffset offset) implements UploadEvent {}

  /** The server accepted the bytes but did not say how far it got. */
  record OffsetUnstated() implements UploadEvent {}

  /** The server returned the file's handle. */
  record HandleReceived(FileHandle handle) implements UploadEvent {}

  /** The request failed; the server may or may not hold what was sent. */
  record RequestFailed() implements UploadEvent {}

  /** The server no longer knows the session (it expired). */
  record SessionLost() implements UploadEvent {}
}
