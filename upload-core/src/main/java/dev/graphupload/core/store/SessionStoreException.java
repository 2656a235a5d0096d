package dev.graphupload.core.store;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.GraphUploadException;

/**
 * The session store failed: a disk full or read-only, a store server out of reach, a record that
 * cannot be read. The message says which and what to do.
 */
public class SessionStoreException extends GraphUploadException {

  private static final long serialVersionUID = 1L;

  /**
   * A store failure.
   *
   * @param message what failed and what to do
   * @param kind whether retrying the store can help
   * @param cause the underlying failure, or {@code null}
   */
  public SessionStoreException(String message, FailureKind kind, Throwable cause) {
    super(message, kind, cause);
  }
}
