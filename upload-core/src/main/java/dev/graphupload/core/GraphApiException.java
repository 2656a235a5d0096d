package dev.graphupload.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Graph answered with its error envelope. Carries the HTTP status, the {@link GraphError} (code,
 * subcode, type, message, fbtrace id, {@code is_transient}) and any retry hint the server gave.
 */
public final class GraphApiException extends ServerReplyException {

  private static final long serialVersionUID = 1L;

  private final transient GraphError error;

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
    super(describe(operation, httpStatus, error), error.kind(httpStatus), httpStatus, retryAfter);
    this.error = Objects.requireNonNull(error, "error");
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
      case OUT_OF_SYNC:
        return ". The upload asks the server where it stands and goes on from there.";
      default:
        return ".";
    }
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
}
