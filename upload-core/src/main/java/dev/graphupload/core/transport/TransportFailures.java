package dev.graphupload.core.transport;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.TransportException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;

/**
 * How an {@link HttpTransport} reports what went wrong below HTTP: one wording and one kind for
 * every adapter, so a user reads the same message whichever transport is in use. Messages name the
 * method, scheme, host and port, never the path or query (a session id is not a secret, but a URL
 * is where a token would be if a caller put it there).
 */
public final class TransportFailures {

  private TransportFailures() {}

  /**
   * The failure an adapter completes its future with, for whatever its client threw. A {@link
   * TransportException} or a cancellation passes as it is.
   *
   * @param failure what the client threw
   * @param request the request it was sending
   * @return the failure to report
   */
  public static Throwable translate(Throwable failure, TransportRequest request) {
    Throwable t =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (t instanceof TransportException || t instanceof CancellationException) {
      return t;
    }
    String target = target(request);
    if (isUnknownHost(t)) {
      return new TransportException(
          "The host of "
              + target
              + " is unknown (no address for its name): check the endpoint (--base-url)",
          FailureKind.FATAL,
          t);
    }
    if (t instanceof ConnectException) {
      return new TransportException("Could not connect to " + target + ": connection refused", t);
    }
    if (t instanceof ClosedChannelException) {
      return new TransportException("The connection to " + target + " closed before the reply", t);
    }
    if (tlsFailure(t)) {
      return new TransportException(TlsWords.explain(t, request), FailureKind.FATAL, t);
    }
    if (t instanceof IOException) {
      return new TransportException("The exchange with " + target + " failed: " + t, t);
    }
    return new TransportException(
        "The exchange with " + target + " failed unexpectedly: " + t, FailureKind.FATAL, t);
  }

  /**
   * Whether {@code failure} (or a cause of it) is a connection refused outright: nothing listens at
   * the address, as with a mistyped port.
   *
   * @param failure the failure
   * @return {@code true} for a refused connection
   */
  public static boolean isConnectionRefused(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException && !isUnknownHost(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a TLS failure is in {@code failure}'s chain (Netty wraps one in a DecoderException).
   */
  private static boolean tlsFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUnknownHost(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // the JDK client reports an unresolved name as a ConnectException caused by this
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The connection could not be made within the connect timeout.
   *
   * @param request the request
   * @param cause the client's failure, or {@code null}
   * @return a transient failure
   */
  public static TransportException connectTimedOut(TransportRequest request, Throwable cause) {
    return new TransportException("Could not connect to " + target(request) + " in time", cause);
  }

  /**
   * No reply came within the request's timeout.
   *
   * @param request the request
   * @param cause the client's failure, or {@code null}
   * @return a transient failure
   */
  public static TransportException noReply(TransportRequest request, Throwable cause) {
    return new TransportException(
        "No reply from " + target(request) + " within " + request.timeout().toSeconds() + " s",
        cause);
  }

  /**
   * No byte moved for the request's idle timeout: a server that stopped reading the body, or that
   * took it and never answers.
   *
   * @param request the request
   * @return a transient failure
   */
  public static TransportException stalled(TransportRequest request) {
    return new TransportException(
        "No progress with "
            + target(request)
            + " for "
            + request.idleTimeout().toSeconds()
            + " s: the server stopped reading or answering",
        null);
  }

  private static String target(TransportRequest request) {
    return request.method()
        + " "
        + request.uri().getScheme()
        + "://"
        + request.uri().getAuthority();
  }
}
