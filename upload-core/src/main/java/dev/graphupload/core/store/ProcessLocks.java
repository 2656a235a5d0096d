package dev.graphupload.core.store;

import dev.graphupload.core.UploadKey;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Upload locks held within this process, per store: the default of {@link SessionStore#tryLock}.
 */
final class ProcessLocks {

  private static final Map<SessionStore, Set<UploadKey>> HELD = new WeakHashMap<>();

  private ProcessLocks() {}

  static Optional<UploadLock> tryLock(SessionStore store, UploadKey key) {
    Set<UploadKey> held;
    synchronized (HELD) {
      held = HELD.computeIfAbsent(store, s -> ConcurrentHashMap.newKeySet());
    }
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
