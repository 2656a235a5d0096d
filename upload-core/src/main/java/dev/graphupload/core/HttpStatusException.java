package dev.graphupload.core;

import java.time.Duration;
import java.util.Optional;

/**
 * The server answered with an HTTP error status and no Graph error envelope, as proxies and load
 * balancers do. HTTP 5xx and 408 are transient, 429 is throttling, other statuses are fatal.
 */
public final class HttpStatusException extends GraphUploadException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final transient Duration retryAfter;

  /**
   * An error status without an envelope.
   *
   * @param operation what the library was doing
   * @param httpStatus the reply's HTTP status
   * @param bodySnippet the start of the reply's body, for the message
   * @param retryAfter how long the server asked the client to wait, or {@code null}
   */
  public HttpStatusException(
      String operation, int httpStatus, String bodySnippet, Duration retryAfter) {
    super(
        "The server refused to "
            + operation
            + " with HTTP "
            + httpStatus
            + " and no Graph error"
            + (bodySnippet.isEmpty() ? "" : ": " + bodySnippet),
        kindOf(httpStatus),
        null);
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
  }

  private static FailureKind kindOf(int httpStatus) {
    if (httpStatus == 429) {
      return FailureKind.THROTTLED;
    }
    return httpStatus >= 500 || httpStatus == 408 ? FailureKind.TRANSIENT : FailureKind.FATAL;
  }

  /**
   * The reply's HTTP status.
   *
   * @return the status code
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * How long the server asked the client to wait before trying again.
   *
   * @return the hint, or empty when the server gave none
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
