package dev.graphupload.core.internal;

import dev.graphupload.core.store.LockLoss;
import dev.graphupload.core.store.UploadLock;

/** The lock an upload holds, if any: taken once, released when the upload ends. Thread safe. */
final class HeldLock {

  private volatile UploadLock lock;

  /** Holds {@code taken}; {@code onLost} runs, from any thread, if it is lost while held. */
  void hold(UploadLock taken, Runnable onLost) {
    lock = taken;
    taken.onLost(onLost);
  }

  /** Whether a lock was taken and is no longer held (a lease that lapsed). */
  boolean isLost() {
    UploadLock held = lock;
    return held != null && !held.isHeld();
  }

  /** Why the lock was lost (once {@link #isLost()}). */
  LockLoss loss() {
    UploadLock held = lock;
    return held == null
        ? LockLoss.expiredOrTakenOver()
        : held.loss().orElseGet(LockLoss::expiredOrTakenOver);
  }

  /** Lets the next upload of this file in. Idempotent. */
  void release() {
    UploadLock held = lock;
    if (held != null) {
      held.close();
    }
  }
}
