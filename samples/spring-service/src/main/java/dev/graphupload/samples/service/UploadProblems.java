package dev.graphupload.samples.service;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.InvalidFileException;
import dev.graphupload.core.store.UploadLockedException;
import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Upload failures as RFC 9457 problem details, by kind, so a client knows whether to retry:
 *
 * <table>
 *   <caption>Statuses</caption>
 *   <tr><th>failure</th><th>status</th><th>the client should</th></tr>
 *   <tr><td>a file Graph cannot take (type, size, name)</td><td>415 or 422</td><td>not retry</td></tr>
 *   <tr><td>the same key being uploaded by another request</td><td>409, Retry-After</td>
 *       <td>retry later, with the same key</td></tr>
 *   <tr><td>Graph slow or unreachable, retries spent</td><td>503, Retry-After</td>
 *       <td>retry with the same key: the upload resumes</td></tr>
 *   <tr><td>Graph throttling this app</td><td>503, Retry-After (longer)</td><td>the same</td></tr>
 *   <tr><td>Graph refusing (token, permission, app)</td><td>502</td><td>not retry; an operator
 *       must act</td></tr>
 * </table>
 *
 * <p>The detail is the library's message: it names the problem and never holds the token.
 */
@RestControllerAdvice
class UploadProblems {

  private static final String TYPES = "urn:graph-upload:problem:";

  /** The failure inside a future's wrapper. */
  static RuntimeException unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof RuntimeException runtime
        ? runtime
        : new IllegalStateException(cause.getMessage(), cause);
  }

  @ExceptionHandler(InvalidFileException.class)
  ResponseEntity<ProblemDetail> invalidFile(InvalidFileException e) {
    return problem(
        HttpStatus.UNPROCESSABLE_CONTENT, "invalid-file", "The file cannot be uploaded", e, 0);
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> refusedType(IllegalArgumentException e) {
    return problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported-type",
        "Graph does not take this type",
        e,
        0);
  }

  @ExceptionHandler(UploadController.EmptyUploadException.class)
  ResponseEntity<ProblemDetail> empty(RuntimeException e) {
    return problem(HttpStatus.BAD_REQUEST, "empty", "No bytes to upload", e, 0);
  }

  @ExceptionHandler(UploadController.UnknownUploadException.class)
  ResponseEntity<ProblemDetail> unknown(RuntimeException e) {
    return problem(HttpStatus.NOT_FOUND, "unknown-upload", "No such upload", e, 0);
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
    return problem(
        HttpStatus.CONTENT_TOO_LARGE,
        "too-large",
        "The file is larger than this service takes",
        e,
        0);
  }

  @ExceptionHandler(UploadLockedException.class)
  ResponseEntity<ProblemDetail> locked(UploadLockedException e) {
    return problem(
        HttpStatus.CONFLICT, "in-progress", "The same upload is in progress elsewhere", e, 30);
  }

  @ExceptionHandler(GraphUploadException.class)
  ResponseEntity<ProblemDetail> failed(GraphUploadException e) {
    if (e.kind() == FailureKind.FATAL) {
      String title =
          e instanceof GraphApiException api && api.code() == 190
              ? "Graph refused this service's access token"
              : "Graph refused the upload";
      return problem(HttpStatus.BAD_GATEWAY, "refused", title, e, 0);
    }
    int retryAfter = e.kind() == FailureKind.THROTTLED ? 300 : 30;
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "unavailable",
        "Graph could not be reached in time; retry with the same Idempotency-Key to resume",
        e,
        retryAfter);
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String type, String title, Exception e, int retryAfterSeconds) {
    ProblemDetail detail = ProblemDetail.forStatusAndDetail(status, e.getMessage());
    detail.setType(URI.create(TYPES + type));
    detail.setTitle(title);
    ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
    if (retryAfterSeconds > 0) {
      response.header(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
    }
    return response.body(detail);
  }
}
