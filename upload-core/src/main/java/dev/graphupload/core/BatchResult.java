package dev.graphupload.core;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one file of a batch ({@link GraphUploader#uploadAll}), or of one request of a
 * batch of requests ({@link GraphUploader#uploadAllRequests}).
 *
 * @param request the request uploaded: for a batch of files, the file's (as {@link
 *     BatchOptions#requests} made it)
 * @param status how it ended
 * @param result the upload's result, when the file has a handle
 * @param failure why it has none, otherwise
 */
public record BatchResult(
    UploadRequest request,
    Status status,
    Optional<UploadResult> result,
    Optional<GraphUploadException> failure) {

  /** How a file of a batch ended. */
  public enum Status {
    /** This worker sent it whole, in a new session. */
    UPLOADED,
    /**
     * This worker finished a session an earlier run left: its own, or, with a shared store, another
     * worker's that died and whose lease had lapsed before this one came to the file.
     */
    RESUMED,
    /** It had been uploaded before the batch began; its stored handle is still valid. */
    ALREADY_UPLOADED,
    /**
     * Another worker finished it while this batch ran — it held the file when this one came to it,
     * or its record was completed after the batch began — and this worker reports the handle that
     * worker stored, having sent nothing.
     */
    DONE_ELSEWHERE,
    /**
     * Another worker held it, then let go without finishing (it died and its lease lapsed, or it
     * failed): this worker took the upload over, resuming from the server's offset.
     */
    TAKEN_OVER,
    /** It has no handle: see {@link BatchResult#failure()}. */
    FAILED,
    /** The batch was stopped before this file started. */
    NOT_STARTED;

    /**
     * The name used in the command's JSON, such as {@code done-elsewhere}.
     *
     * @return the status in lower case, words joined by '-'
     */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Validates the result: a handle without a failure, or a failure without a handle. */
  public BatchResult {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(failure, "failure");
    if (result.isPresent() == failure.isPresent()) {
      throw new IllegalArgumentException("A batch result has a result or a failure, not both");
    }
    if (result.isPresent() == (status == Status.FAILED || status == Status.NOT_STARTED)) {
      throw new IllegalArgumentException(
          status + " does not go with " + (result.isPresent() ? "a result" : "a failure"));
    }
  }

  /**
   * The file, for a batch of files: as it was given.
   *
   * @return the file
   * @throws IllegalStateException if the request's bytes are not a file (a batch of requests with
   *     bytes, a stream or a source of the caller's own): use {@link #request()}
   */
  public Path file() {
    return request
        .file()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    request.label() + " is not a file: see request() for what was uploaded"));
  }

  /**
   * The file's handle, whoever uploaded it.
   *
   * @return the handle, or empty when the file has none
   */
  public Optional<FileHandle> handle() {
    return result.map(UploadResult::handle);
  }
}
