package dev.graphupload.core;

import java.nio.file.Path;

/** The file to upload failed a check before anything was sent. Never retryable. */
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
   * The file that failed the check.
   *
   * @return its path
   */
  public Path file() {
    return file;
  }
}
