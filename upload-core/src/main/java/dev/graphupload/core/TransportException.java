package dev.graphupload.core;

/**
 * The request did not complete at the HTTP level: the connection could not be made or was cut, the
 * request timed out, or the reply could not be read. Transient unless the transport says otherwise
 * (for example a refused plain-{@code http://} URL).
 */
public class TransportException extends GraphUploadException {

  private static final long serialVersionUID = 1L;

  /**
   * A transient transport failure.
   *
   * @param message what failed, never with the access token
   * @param cause the underlying I/O failure, or {@code null}
   */
  public TransportException(String message, Throwable cause) {
    super(message, FailureKind.TRANSIENT, cause);
  }

  /**
   * A transport failure of the given kind.
   *
   * @param message what failed, never with the access token
   * @param kind whether a retry can help
   * @param cause the underlying failure, or {@code null}
   */
  public TransportException(String message, FailureKind kind, Throwable cause) {
    super(message, kind, cause);
  }
}
