package dev.graphupload.core.store;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Where a recorded upload stands: still going, or done with a handle. */
public sealed interface RecordState {

  /**
   * The SHA-256 of consecutive ranges of the file from byte 0, kept when the uploader verifies
   * content (empty otherwise).
   *
   * @return the digests, in order, each range starting where the last ended
   */
  List<RangeDigest> digests();

  /**
   * Bytes are still to be sent.
   *
   * @param confirmed the last offset the server confirmed
   * @param digests digests of the file's bytes as far as they were sent (taken before each request,
   *     so they may reach past {@code confirmed}), or none
   */
  record InProgress(FileOffset confirmed, List<RangeDigest> digests) implements RecordState {
    /** Validates the state. */
    public InProgress {
      Objects.requireNonNull(confirmed, "confirmed");
      digests = checked(digests);
    }

    /**
     * A state without digests.
     *
     * @param confirmed the last offset the server confirmed
     */
    public InProgress(FileOffset confirmed) {
      this(confirmed, List.of());
    }
  }

  /**
   * Every byte arrived and Graph returned a handle.
   *
   * @param handle the file handle
   * @param completedAt when the handle was received
   * @param digests digests of the whole file as it was sent, or none
   */
  record Completed(FileHandle handle, Instant completedAt, List<RangeDigest> digests)
      implements RecordState {
    /** Validates the state. */
    public Completed {
      Objects.requireNonNull(handle, "handle");
      Objects.requireNonNull(completedAt, "completedAt");
      digests = checked(digests);
    }

    /**
     * A state without digests.
     *
     * @param handle the file handle
     * @param completedAt when the handle was received
     */
    public Completed(FileHandle handle, Instant completedAt) {
      this(handle, completedAt, List.of());
    }
  }

  private static List<RangeDigest> checked(List<RangeDigest> digests) {
    Objects.requireNonNull(digests, "digests");
    long next = 0;
    for (RangeDigest d : digests) {
      if (d.from() != next) {
        throw new IllegalArgumentException(
            "Range digests must follow one another from byte 0; one starts at "
                + d.from()
                + " instead of "
                + next);
      }
      next = d.to();
    }
    return List.copyOf(digests);
  }
}
