package dev.graphupload.core.store;

import dev.graphupload.core.UploadKey;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link SessionStore} in this process's memory: for tests, and for uploads that need not survive
 * the process. Thread safe.
 */
public final class InMemorySessionStore implements SessionStore {

  private final ConcurrentMap<UploadKey, SessionRecord> records = new ConcurrentHashMap<>();
  private final Clock clock;
  private final ProcessLocks locks = new ProcessLocks();

  /** A store whose records expire by the system clock. */
  public InMemorySessionStore() {
    this(Clock.systemUTC());
  }

  /**
   * A store whose records expire by the given clock.
   *
   * @param clock the time used to expire records
   */
  public InMemorySessionStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<SessionRecord> find(UploadKey key) {
    Objects.requireNonNull(key, "key");
    SessionRecord record = records.get(key);
    if (record != null && record.isExpired(clock.instant())) {
      records.remove(key, record);
      return Optional.empty();
    }
    return Optional.ofNullable(record);
  }

  @Override
  public SessionRecord save(SessionRecord record) {
    Objects.requireNonNull(record, "record");
    SessionRecord[] saved = new SessionRecord[1];
    records.compute(
        record.key(),
        (key, current) -> {
          long actual =
              current == null || current.isExpired(clock.instant()) ? 0 : current.revision();
          if (actual != record.revision()) {
            throw new SessionConflictException(key, record.revision(), actual);
          }
          saved[0] = record.withRevision(actual + 1);
          return saved[0];
        });
    return saved[0];
  }

  @Override
  public boolean delete(UploadKey key) {
    return records.remove(Objects.requireNonNull(key, "key")) != null;
  }

  @Override
  public List<SessionRecord> list() {
    return records.values().stream().filter(r -> !r.isExpired(clock.instant())).toList();
  }

  @Override
  public Optional<UploadLock> tryLock(UploadKey key) {
    return locks.tryLock(key);
  }
}
