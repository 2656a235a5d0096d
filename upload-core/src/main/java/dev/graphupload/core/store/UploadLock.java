package dev.graphupload.core.store;

import java.util.Optional;

/**
 * The right to upload one file, held by one uploader at a time: taken with {@link
 * SessionStore#tryLock} before a session is looked up, released when the upload ends.
 */
public interface UploadLock extends AutoCloseable {

  /** Releases the lock. Idempotent; never throws. */
  @Override
  void close();

  /**
   * Whether the lock is still held. A lease-based lock (one that expires unless renewed) can lose
   * it, for example when its store stays out of reach past the lease's term.
   *
   * @return {@code true} while the lock is held; the default is always {@code true}
   */
  default boolean isHeld() {
    return true;
  }

  /**
   * Runs {@code action} once, from any thread, if the lock is lost while held. The default never
   * runs it: a lock that cannot be lost.
   *
   * @param action what to do on losing the lock; must not block
   */
  default void onLost(Runnable action) {}

  /**
   * Why the lock was lost, once it is.
   *
   * @return empty while the lock is held or was released; the default, for a lock that says no
   *     more, is {@link LockLoss#expiredOrTakenOver()} once {@link #isHeld()} is false
   */
  default Optional<LockLoss> loss() {
    return isHeld() ? Optional.empty() : Optional.of(LockLoss.expiredOrTakenOver());
  }
}
