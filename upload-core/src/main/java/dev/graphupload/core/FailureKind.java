package dev.graphupload.core;

/** How a failure should be handled: what the {@link RetryPolicy} does with it. */
public enum FailureKind {
  /** Likely to pass on its own (a cut connection, a timeout, HTTP 5xx, Graph codes 1 and 2). */
  TRANSIENT,
  /** The server asks the client to slow down (Graph codes 4, 17, 32, 341, 613; HTTP 429). */
  THROTTLED,
  /** Retrying cannot help (a bad token, a missing permission, an invalid parameter). */
  FATAL
}
