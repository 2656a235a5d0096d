package dev.graphupload.core.store;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.UploadKey;
import java.nio.file.Path;

/** Another uploader (in this process or another) is uploading the same file right now. */
public final class UploadLockedException extends SessionStoreException {

  private static final long serialVersionUID = 1L;

  /**
   * A file already being uploaded.
   *
   * @param file the file
   * @param key its upload key
   */
  public UploadLockedException(Path file, UploadKey key) {
    super(
        "Another upload of "
            + file
            + " is running (record "
            + key
            + "); wait for it to finish, or stop it. Running this one too would send the same"
            + " bytes twice",
        FailureKind.FATAL,
        null);
  }
}
