package dev.graphupload.testkit;

import dev.graphupload.core.UploadKey;
import dev.graphupload.core.store.SessionConflictException;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionRecords;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store written for the upload engine alone, as the README's "Your own store" shows: records in a
 * table of its own (find, and save as a compare-and-set), locks from a {@code ProcessLocks}.
 */
final class TableRecords implements SessionRecords {

  private final Map<UploadKey, SessionRecord> table = new ConcurrentHashMap<>();
  private final Clock clock;

  TableRecords(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Optional<SessionRecord> find(UploadKey key) {
    return Optional.ofNullable(table.get(key)).filter(r -> !r.isExpired(clock.instant()));
  }

  @Override
  public synchronized SessionRecord save(SessionRecord record) {
    long stored = find(record.key()).map(SessionRecord::revision).orElse(0L);
    if (stored != record.revision()) {
      throw new SessionConflictException(record.key(), record.revision(), stored);
    }
    SessionRecord saved = record.withRevision(stored + 1);
    table.put(record.key(), saved);
    return saved;
  }
}
