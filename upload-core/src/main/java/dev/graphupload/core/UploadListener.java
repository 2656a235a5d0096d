package dev.graphupload.core;

import java.time.Duration;

/**
 * Told what an upload is doing. Every method has a no-op default, so a listener overrides only what
 * it needs.
 *
 * <p>Guarantees: each event is delivered once. For one upload, every event comes in the order it
 * happened, one at a time, on the uploader's executor (never on a transport's or a store's thread);
 * {@link #bytesSent} events are coalesced, so a listener may see fewer of them than the transport
 * reported. {@link #completed} or {@link #failed} is heard before the upload's result is published,
 * so a caller woken by the result finds every event delivered. A listener shared between uploads
 * must be thread safe. A listener must not block. An exception thrown by a listener is logged and
 * ignored: it never breaks the upload.
 */
public interface UploadListener {

  /** A listener that ignores every event. */
  UploadListener NONE = new UploadListener() {};

  /**
   * Makes a listener for each upload an uploader starts, told every event of that upload besides
   * the upload's own listener: what metrics, tracing and audit logs plug into ({@link
   * GraphUploaderBuilder#addListenerFactory}). Since each upload gets its own listener, it may keep
   * per-upload state without locks.
   */
  @FunctionalInterface
  interface Factory {
    /**
     * The listener of one upload.
     *
     * @param request the upload as asked for: its source, and its name and key if given
     * @return its listener (may be {@link UploadListener#NONE})
     */
    UploadListener create(UploadRequest request);
  }

  /**
   * The upload passed its checks; nothing has been sent yet.
   *
   * @param upload the upload as checked: the name and type Graph is told, the length, the key
   */
  default void started(UploadSubject upload) {}

  /**
   * A new session was created on the server and recorded in the store.
   *
   * @param sessionId the session's id
   */
  default void sessionCreated(SessionId sessionId) {}

  /**
   * A stored session was found on the server and the upload goes on from its offset.
   *
   * @param sessionId the session's id
   * @param from the offset the server reported
   */
  default void resumed(SessionId sessionId, FileOffset from) {}

  /**
   * A stored session could not be used and a new one is started: the file changed, the session
   * expired, or its handle did.
   *
   * @param reason why, for code
   * @param message why, for the user (names what changed, for example)
   */
  default void sessionRestarted(RestartReason reason, String message) {}

  /**
   * Body bytes left this process (the server has not confirmed them yet).
   *
   * @param position the file position reached by the bytes written so far
   * @param length the file's length
   */
  default void bytesSent(long position, long length) {}

  /**
   * Body bytes written to the wire since the last such call, whatever becomes of them: a request
   * cut or refused later counts too, so over an upload the sum is what it cost the network (a
   * failed upload's included), where {@link UploadResult#bytesSent()} is known only at the end.
   * Reported on the same thread, in the same order, as {@link #bytesSent}.
   *
   * @param count bytes, {@code > 0}
   */
  default void bytesWritten(long count) {}

  /**
   * The server confirmed it holds the file up to {@code offset}.
   *
   * @param offset the confirmed offset
   * @param length the file's length
   */
  default void bytesConfirmed(FileOffset offset, long length) {}

  /**
   * A call failed and will be retried after {@code delay}, from the server's offset.
   *
   * @param failure what failed
   * @param delay how long the upload waits first
   * @param attempt the number of failures in a row so far
   */
  default void retrying(GraphUploadException failure, Duration delay, int attempt) {}

  /**
   * The server returned a handle but could not be asked whether it holds every byte: it refused the
   * check (a server that forgets finished sessions does). The handle is accepted.
   *
   * @param handle the handle
   * @param why what the server answered to the check
   */
  default void handleUnverified(FileHandle handle, String why) {}

  /**
   * Every byte arrived and Graph returned a handle (or a stored one was reused).
   *
   * @param result the result
   */
  default void completed(UploadResult result) {}

  /**
   * The upload stopped without a handle.
   *
   * @param failure why
   */
  default void failed(GraphUploadException failure) {}
}
