package dev.graphupload.core.store;

import dev.graphupload.core.UploadKey;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Upload locks that hold within this process: what a store used by one process returns from {@link
 * SessionStore#tryLock}. Each store owns its own instance; nothing is shared between stores. Thread
 * safe.
 */
public final class ProcessLocks implements UploadLocks {

  private final Set<UploadKey> held = ConcurrentHashMap.newKeySet();

  /** No lock held yet. */
  public ProcessLocks() {}

  /**
   * Takes the lock of {@code key} if no one in this process holds it.
   *
   * @param key the upload's key
   * @return the lock, or empty when it is held
   */
  @Override
  public Optional<UploadLock> tryLock(UploadKey key) {
    if (!held.add(key)) {
      return Optional.empty();
    }
    AtomicBoolean released = new AtomicBoolean();
    return Optional.of(
        () -> {
          if (released.compareAndSet(false, true)) {
            held.remove(key);
          }
        });
  }
}
