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

  /** Why; a record, serializable with the exception. */
  private final LockLoss.Cause cause;

  /**
   * A lease taken over by another worker.
   *
   * @param key the upload's key
   * @param why what happened
   */
  public LeaseLostException(UploadKey key, String why) {
    this(key, new LockLoss(LockLoss.Cause.TAKEN_OVER, why));
  }

  /**
   * A lost lease.
   *
   * @param key the upload's key
   * @param loss why it was lost
   */
  public LeaseLostException(UploadKey key, LockLoss loss) {
    super(message(key, loss), FailureKind.FATAL, null);
    this.cause = loss.cause();
  }

  /**
   * Why the lease was lost.
   *
   * @return the cause
   */
  public LockLoss.Cause lossCause() {
    return cause;
  }

  private static String message(UploadKey key, LockLoss loss) {
    String then =
        switch (loss.cause()) {
          case TAKEN_OVER ->
              "; stopping so that no two workers upload the same file. Run the upload again to"
                  + " resume from the server's offset";
          case STORE_UNREACHABLE ->
              "; stopped before the store could hand the lease to another worker. Run the upload"
                  + " again once the store is back: it resumes from the server's offset";
          case VANISHED ->
              "; its session record may be gone with it. Run the upload again: it resumes if the"
                  + " record survived, or sends the file anew if it did not";
        };
    return "Lost the lease on upload " + key + ": " + loss.detail() + then;
  }
}
