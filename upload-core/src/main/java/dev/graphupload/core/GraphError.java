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

  /** The subcode Graph uses with code 100 when the object (here: the session) does not exist. */
  public static final int OBJECT_DOES_NOT_EXIST = 33;

  /** The subcode (with code 100) of a {@code file_offset} that does not match the server's. */
  public static final int OFFSET_MISMATCH = 1363037;

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
   * How this error should be handled, from its code as Graph documents them: 1 and 2 are transient;
   * 4, 17, 32, 341 and 613 are throttling; 102 and 190 (bad token), 10 and 200–299 (permissions),
   * 100, 104 and 368 are fatal. Other codes follow {@code is_transient}, then the HTTP status (5xx
   * transient, 429 throttled, others fatal).
   *
   * @param httpStatus the HTTP status the error came with
   * @return the kind of failure
   */
  public FailureKind kind(int httpStatus) {
    switch (code) {
      case 1:
      case 2:
        return FailureKind.TRANSIENT;
      case 4:
      case 17:
      case 32:
      case 341:
      case 613:
        return FailureKind.THROTTLED;
      case 10:
      case 100:
      case 102:
      case 104:
      case 190:
      case 368:
        return FailureKind.FATAL;
      default:
        break;
    }
    if (code >= 200 && code <= 299) {
      return FailureKind.FATAL;
    }
    if (transientFlag.orElse(false) || httpStatus >= 500) {
      return FailureKind.TRANSIENT;
    }
    return httpStatus == 429 ? FailureKind.THROTTLED : FailureKind.FATAL;
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
    return code == INVALID_PARAMETER && subcode.equals(OptionalInt.of(OBJECT_DOES_NOT_EXIST));
  }

  /**
   * Whether the server refused a {@code file_offset} that differs from its own.
   *
   * @return {@code true} for code 100 with subcode 1363037
   */
  public boolean isOffsetMismatch() {
    return code == INVALID_PARAMETER && subcode.equals(OptionalInt.of(OFFSET_MISMATCH));
  }
}
