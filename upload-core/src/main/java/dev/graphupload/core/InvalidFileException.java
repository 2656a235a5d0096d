package dev.graphupload.core;

import java.nio.file.Path;
import java.util.Optional;

/** The file or bytes to upload failed a check before anything was sent. Never retryable. */
public final class InvalidFileException extends GraphUploadException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * A file that cannot be uploaded.
   *
   * @param file the file
   * @param reason why, phrased to follow "Cannot upload FILE: "
   */
  public InvalidFileException(Path file, String reason) {
    this(file, reason, null);
  }

  /**
   * A file that cannot be uploaded because of an I/O error.
   *
   * @param file the file
   * @param reason why, phrased to follow "Cannot upload FILE: "
   * @param cause the I/O error
   */
  public InvalidFileException(Path file, String reason, Throwable cause) {
    super("Cannot upload " + file + ": " + reason, FailureKind.FATAL, cause);
    this.file = file;
  }

  /**
   * Bytes from a source other than a file that cannot be uploaded.
   *
   * @param subject how the upload is named ({@link UploadRequest#label()})
   * @param reason why, phrased to follow "Cannot upload SUBJECT: "
   * @param cause the I/O error, or {@code null}
   */
  public InvalidFileException(String subject, String reason, Throwable cause) {
    super("Cannot upload " + subject + ": " + reason, FailureKind.FATAL, cause);
    this.file = null;
  }

  /**
   * The file that failed the check.
   *
   * @return its path, or empty when the bytes did not come from a file
   */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }
}
