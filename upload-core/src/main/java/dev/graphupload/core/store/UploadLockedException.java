package dev.graphupload.core.store;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.UploadKey;

/** Another uploader (in this process or another) is uploading the same file right now. */
public final class UploadLockedException extends SessionStoreException {

  private static final long serialVersionUID = 1L;

  /**
   * An upload already under way.
   *
   * @param subject the file's path, or how the upload is named ({@link
   *     dev.graphupload.core.UploadRequest#label()})
   * @param key its upload key
   */
  public UploadLockedException(String subject, UploadKey key) {
    super(
        "Another upload of "
            + subject
            + " is running (record "
            + key
            + "); wait for it to finish, or stop it. Running this one too would send the same"
            + " bytes twice",
        FailureKind.FATAL,
        null);
  }
}
