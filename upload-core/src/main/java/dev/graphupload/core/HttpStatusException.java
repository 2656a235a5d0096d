package dev.graphupload.core;

import java.time.Duration;

/**
 * The server answered with an HTTP error status and no Graph error envelope, as proxies and load
 * balancers do. Its kind comes from {@link FailureTable#ofHttpStatus}.
 */
public final class HttpStatusException extends ServerReplyException {

  private static final long serialVersionUID = 1L;

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
        FailureTable.ofHttpStatus(httpStatus),
        httpStatus,
        retryAfter);
  }
}
