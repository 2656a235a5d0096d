package dev.graphupload.core;

/**
 * The upload was cancelled, by {@code Future.cancel} or by interrupting the thread waiting in
 * {@link GraphUploader#upload}. The session record is kept, so uploading the same file again
 * resumes.
 */
public final class UploadCancelledException extends GraphUploadException {

  private static final long serialVersionUID = 1L;

  /**
   * A cancelled upload.
   *
   * @param message what was cancelled
   */
  public UploadCancelledException(String message) {
    super(message, FailureKind.FATAL, null);
  }
}
