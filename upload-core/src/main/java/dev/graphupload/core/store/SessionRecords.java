package dev.graphupload.core.store;

import dev.graphupload.core.UploadKey;
import java.util.Optional;

/**
 * Durable records of uploads, one per {@link UploadKey}: the port the upload engine reads and
 * writes its records through (with {@link UploadLocks} for the right to upload).
 *
 * <p>The contract:
 *
 * <ul>
 *   <li>{@link #save} is a compare-and-set on {@link SessionRecord#revision()}: it succeeds only if
 *       the stored revision equals the given record's (0 meaning "no record yet"), and then stores
 *       the record at a higher revision. A stale writer gets {@link SessionConflictException} and
 *       overwrites nothing.
 *   <li>A save is atomic: a reader sees the old record or the new one, never a mix, even after a
 *       crash.
 *   <li>Records past {@link SessionRecord#expiresAt()} may be forgotten at any time, and are never
 *       returned by {@link #find}.
 *   <li>Every field of a record reads back equal to what was saved.
 *   <li>Failures of the storage itself are {@link SessionStoreException}s that say what to do.
 * </ul>
 *
 * <p>Implementations are thread safe and may block: the engine calls them on its store executor,
 * never on the thread that runs uploads. A store never sees the access token.
 */
public interface SessionRecords {

  /**
   * The record for a key.
   *
   * @param key the upload's key
   * @return the record, or empty when there is none (or it expired)
   */
  Optional<SessionRecord> find(UploadKey key);

  /**
   * Stores a record if nobody changed it since it was read.
   *
   * @param record the record, carrying the revision it was read at (0 for a new record)
   * @return the record as stored, at its new revision
   * @throws SessionConflictException if the stored revision differs
   */
  SessionRecord save(SessionRecord record);
}
