package dev.graphupload.core.transport;

/** Told how many bytes of a request body have been written to the connection. */
@FunctionalInterface
public interface BodyProgress {

  /** Progress that nobody listens to. */
  BodyProgress NONE = written -> {};

  /**
   * Called as body bytes leave, with a running total that never decreases. Must not block.
   *
   * @param totalWritten bytes of this request's body written so far
   */
  void bytesWritten(long totalWritten);
}
