package dev.graphupload.core.store;

import dev.graphupload.core.UploadKey;
import java.util.List;
import java.util.Optional;

/**
 * Durable records of uploads, one per {@link UploadKey}: the port a storage adapter implements.
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
 *       returned by {@link #find} or {@link #list}.
 *   <li>Every field of a record reads back equal to what was saved.
 *   <li>Failures of the storage itself are {@link SessionStoreException}s that say what to do.
 * </ul>
 *
 * <p>Implementations are thread safe. A store never sees the access token.
 */
public interface SessionStore {

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

  /**
   * Forgets a record.
   *
   * @param key the upload's key
   * @return {@code true} if there was a record to forget
   */
  boolean delete(UploadKey key);

  /**
   * Every live record, in no particular order.
   *
   * @return the records
   */
  List<SessionRecord> list();

  /**
   * Takes the right to upload the file of {@code key}, if nobody holds it. A store shared by
   * several processes (files, Redis) must make this hold across them; a store used by one process
   * can return what a {@link ProcessLocks} of its own gives.
   *
   * @param key the upload's key
   * @return the lock, or empty when another uploader holds it
   */
  Optional<UploadLock> tryLock(UploadKey key);
}
