package dev.graphupload.core;

import java.time.Duration;
import java.util.Optional;

/**
 * The server answered with an error status: with Graph's error envelope ({@link GraphApiException})
 * or without it ({@link HttpStatusException}). Carries what both have: the HTTP status and any
 * {@code Retry-After} hint.
 */
public abstract sealed class ServerReplyException extends GraphUploadException
    permits GraphApiException, HttpStatusException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final transient Duration retryAfter;

  ServerReplyException(String message, FailureKind kind, int httpStatus, Duration retryAfter) {
    super(message, kind, null);
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
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
   * How long the server asked the client to wait before trying again ({@code Retry-After}).
   *
   * @return the hint, or empty when the server gave none
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
