package dev.graphupload.core.store;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import java.time.Instant;
import java.util.Objects;

/** Where a recorded upload stands: still going, or done with a handle. */
public sealed interface RecordState {

  /**
   * Bytes are still to be sent.
   *
   * @param confirmed the last offset the server confirmed
   */
  record InProgress(FileOffset confirmed) implements RecordState {
    /** Validates the state. */
    public InProgress {
      Objects.requireNonNull(confirmed, "confirmed");
    }
  }

  /**
   * Every byte arrived and Graph returned a handle.
   *
   * @param handle the file handle
   * @param completedAt when the handle was received
   */
  record Completed(FileHandle handle, Instant completedAt) implements RecordState {
    /** Validates the state. */
    public Completed {
      Objects.requireNonNull(handle, "handle");
      Objects.requireNonNull(completedAt, "completedAt");
    }
  }
}
