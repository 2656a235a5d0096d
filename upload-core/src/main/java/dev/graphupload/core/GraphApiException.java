package dev.graphupload.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Graph answered with its error envelope. Carries the HTTP status, the {@link GraphError} (code,
 * subcode, type, message, fbtrace id, {@code is_transient}) and any retry hint the server gave.
 */
public final class GraphApiException extends GraphUploadException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final transient GraphError error;
  private final transient Duration retryAfter;

  /**
   * An error reply.
   *
   * @param operation what the library was doing, such as "create an upload session"
   * @param httpStatus the reply's HTTP status
   * @param error the decoded envelope
   * @param retryAfter how long the server asked the client to wait, or {@code null}
   */
  public GraphApiException(
      String operation, int httpStatus, GraphError error, Duration retryAfter) {
    super(describe(operation, httpStatus, error), error.kind(httpStatus), null);
    this.httpStatus = httpStatus;
    this.error = Objects.requireNonNull(error, "error");
    this.retryAfter = retryAfter;
  }

  private static String describe(String operation, int httpStatus, GraphError error) {
    StringBuilder text =
        new StringBuilder("Graph refused to ")
            .append(operation)
            .append(" (HTTP ")
            .append(httpStatus)
            .append(", code ")
            .append(error.code());
    error.subcode().ifPresent(subcode -> text.append(", subcode ").append(subcode));
    if (!error.type().isEmpty()) {
      text.append(", ").append(error.type());
    }
    text.append("): ").append(error.message());
    error.fbtraceId().ifPresent(id -> text.append(" [fbtrace_id ").append(id).append(']'));
    text.append(advice(httpStatus, error));
    return text.toString();
  }

  private static String advice(int httpStatus, GraphError error) {
    if (error.isTokenError()) {
      return ". The access token is invalid or expired: get a new one and run the upload again;"
          + " it resumes where it stopped.";
    }
    if (error.code() == 10 || (error.code() >= 200 && error.code() <= 299)) {
      return ". The token lacks a permission this call needs: grant it to the app and run again.";
    }
    switch (error.kind(httpStatus)) {
      case THROTTLED:
        return ". Graph is throttling this app; the upload waits and retries.";
      case TRANSIENT:
        return ". This is usually temporary; the upload retries.";
      default:
        return ".";
    }
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
   * The decoded error envelope.
   *
   * @return the error
   */
  public GraphError error() {
    return error;
  }

  /**
   * Graph's error code.
   *
   * @return the code, such as 190
   */
  public int code() {
    return error.code();
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
