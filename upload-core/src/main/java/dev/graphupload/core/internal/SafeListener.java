package dev.graphupload.core.internal;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.RestartReason;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.SourceFile;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadResult;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to a user's listener; whatever it throws is logged and never breaks an upload.
 */
final class SafeListener implements UploadListener {

  private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

  private final UploadListener delegate;

  SafeListener(UploadListener delegate) {
    this.delegate = delegate;
  }

  private void deliver(String event, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn(
          "Upload listener {} threw from {}; ignored", delegate.getClass().getName(), event, e);
    }
  }

  @Override
  public void started(SourceFile file) {
    deliver("started", () -> delegate.started(file));
  }

  @Override
  public void sessionCreated(SessionId sessionId) {
    deliver("sessionCreated", () -> delegate.sessionCreated(sessionId));
  }

  @Override
  public void resumed(SessionId sessionId, FileOffset from) {
    deliver("resumed", () -> delegate.resumed(sessionId, from));
  }

  @Override
  public void sessionRestarted(RestartReason reason, String message) {
    deliver("sessionRestarted", () -> delegate.sessionRestarted(reason, message));
  }

  @Override
  public void handleUnverified(FileHandle handle, String why) {
    deliver("handleUnverified", () -> delegate.handleUnverified(handle, why));
  }

  @Override
  public void bytesSent(long position, long length) {
    deliver("bytesSent", () -> delegate.bytesSent(position, length));
  }

  @Override
  public void bytesConfirmed(FileOffset offset, long length) {
    deliver("bytesConfirmed", () -> delegate.bytesConfirmed(offset, length));
  }

  @Override
  public void retrying(GraphUploadException failure, Duration delay, int attempt) {
    deliver("retrying", () -> delegate.retrying(failure, delay, attempt));
  }

  @Override
  public void completed(UploadResult result) {
    deliver("completed", () -> delegate.completed(result));
  }

  @Override
  public void failed(GraphUploadException failure) {
    deliver("failed", () -> delegate.failed(failure));
  }
}
