package dev.graphupload.core.store;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.UploadKey;

/**
 * This uploader lost its lease on a file (it expired, or another worker took it over): it stops so
 * that two workers never upload the same file at once, and its writes are refused. Running the
 * upload again later resumes from the server's offset. Not a {@link SessionStoreException}: the
 * store works, the right to upload is gone, and the upload must stop rather than carry on.
 */
public final class LeaseLostException extends GraphUploadException {

  private static final long serialVersionUID = 1L;

  /**
   * A lost lease.
   *
   * @param key the upload's key
   * @param why what happened
   */
  public LeaseLostException(UploadKey key, String why) {
    super(
        "Lost the lease on upload "
            + key
            + " ("
            + why
            + "); stopping so that no two workers upload the same file. Run the upload again to"
            + " resume from the server's offset",
        FailureKind.FATAL,
        null);
  }
}
