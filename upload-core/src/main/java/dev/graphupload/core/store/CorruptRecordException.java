package dev.graphupload.core.store;

import dev.graphupload.core.FailureKind;

/**
 * A stored record could not be read: not JSON, a field missing or invalid, or a schema this version
 * does not know. Stores set such a record aside and carry on without it.
 */
public final class CorruptRecordException extends SessionStoreException {

  private static final long serialVersionUID = 1L;

  /**
   * An unreadable record.
   *
   * @param message what is wrong with it
   * @param cause the decoding failure, or {@code null}
   */
  public CorruptRecordException(String message, Throwable cause) {
    super(message, FailureKind.FATAL, cause);
  }
}
