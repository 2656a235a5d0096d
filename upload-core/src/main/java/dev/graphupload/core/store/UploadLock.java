package dev.graphupload.core.store;

/**
 * The right to upload one file, held by one uploader at a time: taken with {@link
 * SessionStore#tryLock} before a session is looked up, released when the upload ends.
 */
public interface UploadLock extends AutoCloseable {

  /** Releases the lock. Idempotent; never throws. */
  @Override
  void close();
}
