package dev.graphupload.emulator.internal;

import dev.graphupload.emulator.MismatchError;
import java.util.Map;

/** An error the emulator answers with Graph's envelope. Thrown inside the emulator only. */
final class GraphFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final int status;
  final int code;
  final Integer subcode;
  final String type;
  final boolean isTransient;
  final Map<String, String> headers;

  /** The {@code error_data} object, or null. */
  final Map<String, Object> errorData;

  private GraphFailure(
      int status,
      int code,
      Integer subcode,
      String type,
      String message,
      boolean isTransient,
      Map<String, String> headers,
      Map<String, Object> errorData) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.subcode = subcode;
    this.type = type;
    this.isTransient = isTransient;
    this.headers = headers;
    this.errorData = errorData;
  }

  static GraphFailure invalidParameter(String message) {
    return new GraphFailure(
        400, 100, null, "OAuthException", "(#100) " + message, false, Map.of(), null);
  }

  static GraphFailure noSuchObject(String id) {
    return new GraphFailure(
        400,
        100,
        33,
        "GraphMethodException",
        "Unsupported request. Object with ID '"
            + id
            + "' does not exist, cannot be loaded due to missing permissions, or does not support"
            + " this operation",
        false,
        Map.of(),
        null);
  }

  static GraphFailure sessionExpired(String id) {
    return new GraphFailure(
        400,
        100,
        33,
        "GraphMethodException",
        "The upload session '" + id + "' has expired",
        false,
        Map.of(),
        null);
  }

  static GraphFailure offsetMismatch(long sent, long server, long length, MismatchError spelling) {
    if (spelling == MismatchError.CODE_6001) {
      return new GraphFailure(
          400,
          6001,
          1363037,
          "OAuthException",
          "There was a problem uploading your file: the file_offset "
              + sent
              + " does not match the server's offset "
              + server,
          false,
          Map.of(),
          Map.of("start_offset", Long.toString(server), "end_offset", Long.toString(length)));
    }
    return new GraphFailure(
        400,
        100,
        1363037,
        "OAuthException",
        "(#100) file_offset " + sent + " does not match the server's offset " + server,
        false,
        Map.of(),
        Map.of("file_offset", server));
  }

  /** An error a test scripted. */
  static GraphFailure scripted(int status, int code, Integer subcode, String message) {
    return new GraphFailure(
        status, code, subcode, "OAuthException", message, false, Map.of(), null);
  }

  /** A call to the admin API that {@link AdminGuard} refuses. */
  static GraphFailure adminRefused(int status, String message) {
    return new GraphFailure(
        status, 200, null, "EmulatorAdminException", message, false, Map.of(), null);
  }

  static GraphFailure badSignature() {
    return new GraphFailure(
        400, 104, null, "OAuthException", "Incorrect signature", false, Map.of(), null);
  }

  static GraphFailure invalidToken(String why) {
    return new GraphFailure(
        400,
        190,
        null,
        "OAuthException",
        "Invalid OAuth access token - " + why,
        false,
        Map.of(
            "WWW-Authenticate",
            "OAuth \"Facebook Platform\" \"invalid_token\" \"Invalid OAuth access token\""),
        null);
  }

  static GraphFailure expiredToken() {
    return new GraphFailure(
        400,
        190,
        463,
        "OAuthException",
        "Error validating access token: Session has expired.",
        false,
        Map.of(
            "WWW-Authenticate",
            "OAuth \"Facebook Platform\" \"invalid_token\" \"Session has expired\""),
        null);
  }

  static GraphFailure transientError(int code, int status) {
    return new GraphFailure(
        status,
        code,
        null,
        "OAuthException",
        code == 1 ? "An unknown error occurred" : "Service temporarily unavailable",
        true,
        Map.of(),
        null);
  }

  static GraphFailure throttled(int code, int retryAfterSeconds) {
    String message =
        switch (code) {
          case 17 -> "(#17) User request limit reached";
          case 613 -> "(#613) Calls to this api have exceeded the rate limit.";
          default -> "(#4) Application request limit reached";
        };
    return new GraphFailure(
        400,
        code,
        null,
        "OAuthException",
        message,
        true,
        Map.of("Retry-After", Integer.toString(retryAfterSeconds)),
        null);
  }

  static GraphFailure busy() {
    return new GraphFailure(
        400,
        2,
        null,
        "OAuthException",
        "Service temporarily unavailable: another request is writing to this upload session",
        true,
        Map.of(),
        null);
  }

  static GraphFailure partial(long offset) {
    return new GraphFailure(
        206,
        100,
        null,
        "OAuthException",
        "Partial request: more bytes expected",
        false,
        Map.of(),
        Map.of("file_offset", offset));
  }

  static GraphFailure unknownPath(String path) {
    return new GraphFailure(
        400,
        2500,
        null,
        "OAuthException",
        "Unknown path components: " + path,
        false,
        Map.of(),
        null);
  }

  static GraphFailure malformed(String why) {
    return new GraphFailure(
        400,
        100,
        null,
        "OAuthException",
        "(#100) Malformed request: " + why,
        false,
        Map.of(),
        null);
  }
}
