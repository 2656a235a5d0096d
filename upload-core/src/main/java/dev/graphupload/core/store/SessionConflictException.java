package dev.graphupload.core.store;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.UploadKey;

/**
 * A compare-and-set save found a different revision: another writer changed the record since it was
 * read. Nothing was overwritten.
 */
public final class SessionConflictException extends SessionStoreException {

  private static final long serialVersionUID = 1L;

  private final transient UploadKey key;
  private final long expectedRevision;
  private final long actualRevision;

  /**
   * A conflict.
   *
   * @param key the record's key
   * @param expectedRevision the revision the writer read
   * @param actualRevision the revision stored now (0 if there is no record)
   */
  public SessionConflictException(UploadKey key, long expectedRevision, long actualRevision) {
    super(
        "The session record "
            + key
            + " changed since it was read (revision "
            + expectedRevision
            + ", now "
            + actualRevision
            + "): another upload of the same file is probably running",
        FailureKind.FATAL,
        null);
    this.key = key;
    this.expectedRevision = expectedRevision;
    this.actualRevision = actualRevision;
  }

  /**
   * The record's key.
   *
   * @return the key
   */
  public UploadKey key() {
    return key;
  }

  /**
   * The revision the writer read.
   *
   * @return the expected revision
   */
  public long expectedRevision() {
    return expectedRevision;
  }

  /**
   * The revision the store holds.
   *
   * @return the stored revision, 0 when there is no record
   */
  public long actualRevision() {
    return actualRevision;
  }
}
