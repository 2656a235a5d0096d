package dev.graphupload.core;

/**
 * The server's reply broke the protocol: it was not the JSON expected, lacked a field, or stated
 * something impossible (an offset past the file's length, an offset that went backwards, a handle
 * before every byte was sent). Not retryable: a server that lies cannot be trusted with the rest of
 * the file.
 */
public final class ProtocolException extends GraphUploadException {

  private static final long serialVersionUID = 1L;

  /**
   * A broken reply.
   *
   * @param message what was wrong with it
   */
  public ProtocolException(String message) {
    super(message, FailureKind.FATAL, null);
  }

  /**
   * A reply that could not be decoded.
   *
   * @param message what was wrong with it
   * @param cause the decoding failure
   */
  public ProtocolException(String message, Throwable cause) {
    super(message, FailureKind.FATAL, cause);
  }
}
