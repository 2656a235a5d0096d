package dev.graphupload.core;

/** How a failure should be handled: what the {@link RetryPolicy} does with it. */
public enum FailureKind {
  /** Likely to pass on its own (a cut connection, a timeout, HTTP 5xx, Graph codes 1 and 2). */
  TRANSIENT,
  /** The server asks the client to slow down (Graph codes 4, 17, 32, 341, 613; HTTP 429). */
  THROTTLED,
  /**
   * The server's state differs from what the client expected: an offset mismatch, a session it no
   * longer knows, a reply the client could not read, a handle for fewer bytes than the file's. The
   * client asks the server where it stands and goes on at once, without waiting; each such surprise
   * still counts as an attempt, so a server that keeps disagreeing ends the upload.
   */
  OUT_OF_SYNC,
  /** Retrying cannot help (a bad token, a missing permission, an invalid parameter). */
  FATAL
}
