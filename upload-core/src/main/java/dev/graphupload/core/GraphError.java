package dev.graphupload.core;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code error} object of Graph's error envelope.
 *
 * @param code Graph's error code, such as 190 for an invalid token
 * @param subcode the {@code error_subcode}, when given
 * @param type the error type, such as {@code OAuthException}
 * @param message Graph's message for developers
 * @param userTitle the {@code error_user_title}, when given
 * @param userMessage the {@code error_user_msg}, when given
 * @param fbtraceId the trace id to quote to Meta support, when given
 * @param transientFlag Graph's own {@code is_transient} verdict, when given
 */
public record GraphError(
    int code,
    OptionalInt subcode,
    String type,
    String message,
    Optional<String> userTitle,
    Optional<String> userMessage,
    Optional<String> fbtraceId,
    Optional<Boolean> transientFlag) {

  /** Graph's code for an expired or invalid access token. */
  public static final int INVALID_TOKEN = 190;

  /** Graph's code for an invalid parameter, which includes an unknown upload session. */
  public static final int INVALID_PARAMETER = 100;

  /** Validates the error. */
  public GraphError {
    Objects.requireNonNull(subcode, "subcode");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(userTitle, "userTitle");
    Objects.requireNonNull(userMessage, "userMessage");
    Objects.requireNonNull(fbtraceId, "fbtraceId");
    Objects.requireNonNull(transientFlag, "transientFlag");
  }

  /**
   * How this error should be handled, as {@link FailureTable} classifies it.
   *
   * @param httpStatus the HTTP status the error came with
   * @return the kind of failure
   */
  public FailureKind kind(int httpStatus) {
    return FailureTable.of(this, httpStatus);
  }

  /**
   * Whether the access token is invalid or expired (code 102 or 190).
   *
   * @return {@code true} for a token error
   */
  public boolean isTokenError() {
    return code == INVALID_TOKEN || code == 102;
  }

  /**
   * Whether the upload session is unknown to the server: expired, or never existed.
   *
   * @return {@code true} for code 100 with subcode 33
   */
  public boolean isSessionGone() {
    return FailureTable.isSessionGone(this);
  }

  /**
   * Whether the server refused a {@code file_offset} that differs from its own.
   *
   * @return {@code true} for subcode 1363037 under any code
   */
  public boolean isOffsetMismatch() {
    return FailureTable.isOffsetMismatch(this);
  }
}
