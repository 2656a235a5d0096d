package dev.graphupload.core.store;

import java.util.Objects;

/**
 * Why a held {@link UploadLock} was lost: each cause calls for something else, so each is said
 * apart.
 *
 * @param cause what happened
 * @param detail the words for it, naming the store and the figures (no secrets)
 */
public record LockLoss(Cause cause, String detail) {

  /** What ended the lock. */
  public enum Cause {
    /** Another worker holds the lock now: the batch comes back to the file later. */
    TAKEN_OVER,
    /**
     * The store stayed out of reach past the lease's term: the holder stopped before anyone else
     * could be handed the lease. The command ends with exit code 4 (gave up).
     */
    STORE_UNREACHABLE,
    /**
     * The lock disappeared from the store without anyone taking it (a store restarted without its
     * data, or its key deleted): the session record may be gone with it, and then the file is sent
     * anew.
     */
    VANISHED
  }

  /** Validates the loss. */
  public LockLoss {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(detail, "detail");
  }

  /** What a lock that says no more than that it is lost is taken to mean. */
  public static LockLoss expiredOrTakenOver() {
    return new LockLoss(Cause.TAKEN_OVER, "it expired or was taken over");
  }
}
