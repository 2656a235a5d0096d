package dev.graphupload.emulator;

/** The shape of the file handles the emulator returns. Graph's own shape is undocumented. */
public enum HandleFormat {
  /**
   * {@code 2:<base64 file name>:<MIME type>:<opaque>:e:<expiry epoch>:<signature>}: the shape of
   * Meta's Resumable Upload API reference example (default).
   */
  V2,
  /**
   * {@code 4::<base64 MIME type>:<opaque>:e:<expiry epoch>:<app id>:<user id>:<signature>}: the
   * shape of handles in live replies captured in public client code and issue threads.
   */
  V4
}
