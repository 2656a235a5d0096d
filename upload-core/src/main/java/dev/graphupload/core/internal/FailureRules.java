package dev.graphupload.core.internal;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.FailureTable;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.ServerReplyException;
import dev.graphupload.core.TransportException;
import dev.graphupload.core.transport.TransportFailures;

/**
 * The one entry point that says what a failed call means for the upload: which call × what came
 * back × whether the server has answered yet. A failure's own kind ({@link
 * dev.graphupload.core.FailureTable} for Graph's codes and HTTP statuses, {@link TransportFailures}
 * below HTTP) holds unless a row below says otherwise:
 *
 * <table>
 *   <caption>Rows that override a failure's own kind</caption>
 *   <tr><th>call</th><th>what came back</th><th>server answered before?</th><th>kind</th></tr>
 *   <tr><td>any</td><td>connection refused</td><td>no</td><td>FATAL: nothing listens there (a
 *       wrong host or port); once the server has answered, a refusal is a restart and
 *       retried</td></tr>
 *   <tr><td>create</td><td>code 100, subcode 33</td><td>any</td><td>FATAL: the app is unknown
 *       (on a session call the same code means the session is gone)</td></tr>
 *   <tr><td>send</td><td>a refusal not known to be final (not a token, permission or parameter
 *       error)</td><td>any</td><td>OUT_OF_SYNC: only the server's offset says what arrived</td></tr>
 *   <tr><td>send</td><td>a reply that cannot be read</td><td>any</td><td>OUT_OF_SYNC</td></tr>
 * </table>
 *
 * <p>A lost session, an offset mismatch, a handle for part of the file and a success that moved
 * nothing on are {@link FailureKind#OUT_OF_SYNC} too ({@link #outOfSync}).
 */
final class FailureRules {

  private FailureRules() {}

  /**
   * What a failure is, and how to report it.
   *
   * @param failure the failure, reworded where a row adds what to do
   * @param kind what the retry policy makes of it
   */
  record Verdict(GraphUploadException failure, FailureKind kind) {}

  /**
   * The verdict on a failed call.
   *
   * @param call the call that failed
   * @param failure what came back
   * @param heardFromServer whether any call of this upload got an answer from the server
   * @return the verdict
   */
  static Verdict of(Step.Call call, GraphUploadException failure, boolean heardFromServer) {
    if (!heardFromServer && TransportFailures.isConnectionRefused(failure)) {
      return new Verdict(
          new TransportException(
              failure.getMessage() + ". Nothing listens there: check the endpoint's host and port",
              FailureKind.FATAL,
              failure),
          FailureKind.FATAL);
    }
    if (call instanceof Step.Create
        && failure instanceof GraphApiException refusal
        && refusal.error().isSessionGone()) {
      return new Verdict(failure, FailureKind.FATAL);
    }
    if (call instanceof Step.Send && isUnclear(failure)) {
      return outOfSync(failure);
    }
    return new Verdict(failure, failure.kind());
  }

  /** A surprise about the server's state: asked about at once, charged to the budget. */
  static Verdict outOfSync(GraphUploadException failure) {
    return new Verdict(failure, FailureKind.OUT_OF_SYNC);
  }

  private static boolean isUnclear(GraphUploadException failure) {
    if (failure instanceof ProtocolException) {
      return true; // returned as a reply: the send's reply could not be read
    }
    if (failure instanceof ServerReplyException refusal && refusal.kind() == FailureKind.FATAL) {
      return !(refusal instanceof GraphApiException g && FailureTable.isDefiniteRefusal(g.error()));
    }
    return false;
  }
}
