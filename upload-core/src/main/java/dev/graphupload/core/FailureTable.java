package dev.graphupload.core;

/**
 * The one table that says what kind of failure each answer or error is. Every classification in the
 * library comes from here: Graph's error codes, HTTP statuses without Graph's envelope, and
 * failures below HTTP. The {@link RetryPolicy} then decides what to do about each kind.
 *
 * <table>
 *   <caption>Graph error codes (docs/PROTOCOL.md has the evidence)</caption>
 *   <tr><th>code</th><th>kind</th></tr>
 *   <tr><td>1, 2</td><td>{@link FailureKind#TRANSIENT}</td></tr>
 *   <tr><td>4, 17, 32, 341, 613</td><td>{@link FailureKind#THROTTLED}</td></tr>
 *   <tr><td>102, 190 (token); 10, 200–299 (permission); 100, 104, 368</td>
 *       <td>{@link FailureKind#FATAL}: a definite refusal</td></tr>
 *   <tr><td>subcode 1363037 under any code (offset mismatch); 100 with subcode 33 (the session
 *       is gone)</td><td>{@link FailureKind#OUT_OF_SYNC}</td></tr>
 *   <tr><td>any other</td><td>{@code is_transient}, then the HTTP status as below</td></tr>
 * </table>
 *
 * <p>HTTP statuses without an envelope: 5xx and 408 transient, 429 throttled, others fatal. Below
 * HTTP, each transport reports a {@link TransportException} of the right kind ({@code
 * TransportFailures}). What a failure means for one call of an upload (a refused first connection,
 * the create call's 100/33, a send refused for a reason not known to be final) is decided on top of
 * these kinds in one place of the engine, its failure rules.
 */
public final class FailureTable {

  /** The subcode of a {@code file_offset} that does not match the server's, under any code. */
  public static final int OFFSET_MISMATCH = 1363037;

  /** The subcode Graph uses with code 100 when the object (here: the session) does not exist. */
  public static final int OBJECT_DOES_NOT_EXIST = 33;

  private FailureTable() {}

  /**
   * The kind of a Graph error.
   *
   * @param error the decoded envelope
   * @param httpStatus the HTTP status it came with
   * @return its kind
   */
  public static FailureKind of(GraphError error, int httpStatus) {
    if (isOffsetMismatch(error) || isSessionGone(error)) {
      return FailureKind.OUT_OF_SYNC;
    }
    switch (error.code()) {
      case 1:
      case 2:
        return FailureKind.TRANSIENT;
      case 4:
      case 17:
      case 32:
      case 341:
      case 613:
        return FailureKind.THROTTLED;
      default:
        break;
    }
    if (isDefiniteRefusal(error)) {
      return FailureKind.FATAL;
    }
    if (error.transientFlag().orElse(false)) {
      return FailureKind.TRANSIENT;
    }
    return ofHttpStatus(httpStatus);
  }

  /**
   * The kind of an HTTP error status that came without Graph's envelope.
   *
   * @param httpStatus the status
   * @return its kind
   */
  public static FailureKind ofHttpStatus(int httpStatus) {
    if (httpStatus == 429) {
      return FailureKind.THROTTLED;
    }
    return httpStatus >= 500 || httpStatus == 408 ? FailureKind.TRANSIENT : FailureKind.FATAL;
  }

  /**
   * Whether Graph refused the call for a reason the caller must fix: the token (102, 190), a
   * permission (10, 200–299), a parameter (100 but for the subcodes above), a signature (104) or a
   * block (368). Any other refusal of a send is not trusted to be final: the client asks the server
   * where it stands.
   *
   * @param error the decoded envelope
   * @return {@code true} for a definite refusal
   */
  public static boolean isDefiniteRefusal(GraphError error) {
    int code = error.code();
    if (isOffsetMismatch(error) || isSessionGone(error)) {
      return false;
    }
    return code == 10
        || code == 100
        || code == 102
        || code == 104
        || code == 190
        || code == 368
        || (code >= 200 && code <= 299);
  }

  /**
   * Whether the server refused a {@code file_offset} that differs from its own: subcode 1363037,
   * whatever the code (Graph's upload errors use 6001; older replies 100).
   *
   * @param error the decoded envelope
   * @return {@code true} for an offset mismatch
   */
  public static boolean isOffsetMismatch(GraphError error) {
    return error.subcode().isPresent() && error.subcode().getAsInt() == OFFSET_MISMATCH;
  }

  /**
   * Whether the upload session is unknown to the server: expired, or never existed.
   *
   * @param error the decoded envelope
   * @return {@code true} for code 100 with subcode 33
   */
  public static boolean isSessionGone(GraphError error) {
    return error.code() == GraphError.INVALID_PARAMETER
        && error.subcode().isPresent()
        && error.subcode().getAsInt() == OBJECT_DOES_NOT_EXIST;
  }

  /**
   * Whether a call on an upload session was refused because the server does not recognise the
   * session: it no longer knows it (100/33), or its signature (code 104, as when the server lost
   * the key it signed the id with). Either way a new session is the way on.
   *
   * @param error the decoded envelope of a reply to a session call
   * @return {@code true} when the session is not recognised
   */
  public static boolean isSessionUnrecognised(GraphError error) {
    return isSessionGone(error) || error.code() == BAD_SIGNATURE;
  }

  /** Graph's code for a signature it does not accept. */
  public static final int BAD_SIGNATURE = 104;
}
