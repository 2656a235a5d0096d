package dev.graphupload.core;

import java.util.Objects;

/**
 * The root of every exception this library throws. Each subtype carries what a caller needs to
 * decide what to do next, starting with {@link #kind()}: whether a retry can help.
 *
 * <p>Messages name the problem and what to do about it. They never contain the access token.
 * Exceptions do no I/O.
 */
public class GraphUploadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final FailureKind kind;

  /**
   * An exception of the given kind.
   *
   * @param message what went wrong and what to do about it
   * @param kind whether a retry can help
   * @param cause the underlying failure, or {@code null}
   */
  public GraphUploadException(String message, FailureKind kind, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * Whether a retry can help, as this library classifies the failure by default.
   *
   * @return the failure's kind
   */
  public FailureKind kind() {
    return kind;
  }

  /**
   * Whether the failure is worth retrying.
   *
   * @return {@code true} unless the kind is {@link FailureKind#FATAL}
   */
  public boolean isRetryable() {
    return kind != FailureKind.FATAL;
  }
}
