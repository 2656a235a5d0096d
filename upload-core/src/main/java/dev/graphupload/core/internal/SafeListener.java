package dev.graphupload.core.internal;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.RestartReason;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadRequest;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.UploadSubject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to an upload's listeners — its own, then one from each of the uploader's listener
 * factories; whatever one throws is logged, never breaks the upload nor keeps an event from the
 * others.
 */
final class SafeListener implements UploadListener {

  private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

  private final List<UploadListener> delegates;

  SafeListener(UploadListener delegate) {
    this(List.of(delegate));
  }

  /** The listeners of one upload: its own, then one from each factory. */
  static SafeListener forUpload(
      UploadListener own, List<UploadListener.Factory> factories, UploadRequest request) {
    List<UploadListener> all = new ArrayList<>();
    all.add(own);
    for (UploadListener.Factory factory : factories) {
      try {
        all.add(factory.create(request));
      } catch (RuntimeException e) {
        LOG.warn("Listener factory {} failed; ignored", factory.getClass().getName(), e);
      }
    }
    return new SafeListener(all);
  }

  SafeListener(List<UploadListener> delegates) {
    this.delegates = List.copyOf(delegates);
  }

  private void deliver(String event, Consumer<UploadListener> call) {
    for (UploadListener delegate : delegates) {
      try {
        call.accept(delegate);
      } catch (RuntimeException e) {
        LOG.warn(
            "Upload listener {} threw from {}; ignored", delegate.getClass().getName(), event, e);
      }
    }
  }

  @Override
  public void started(UploadSubject upload) {
    deliver("started", delegate -> delegate.started(upload));
  }

  @Override
  public void sessionCreated(SessionId sessionId) {
    deliver("sessionCreated", delegate -> delegate.sessionCreated(sessionId));
  }

  @Override
  public void resumed(SessionId sessionId, FileOffset from) {
    deliver("resumed", delegate -> delegate.resumed(sessionId, from));
  }

  @Override
  public void sessionRestarted(RestartReason reason, String message) {
    deliver("sessionRestarted", delegate -> delegate.sessionRestarted(reason, message));
  }

  @Override
  public void handleUnverified(FileHandle handle, String why) {
    deliver("handleUnverified", delegate -> delegate.handleUnverified(handle, why));
  }

  @Override
  public void bytesSent(long position, long length) {
    deliver("bytesSent", delegate -> delegate.bytesSent(position, length));
  }

  @Override
  public void bytesWritten(long count) {
    deliver("bytesWritten", delegate -> delegate.bytesWritten(count));
  }

  @Override
  public void bytesConfirmed(FileOffset offset, long length) {
    deliver("bytesConfirmed", delegate -> delegate.bytesConfirmed(offset, length));
  }

  @Override
  public void retrying(GraphUploadException failure, Duration delay, int attempt) {
    deliver("retrying", delegate -> delegate.retrying(failure, delay, attempt));
  }

  @Override
  public void completed(UploadResult result) {
    deliver("completed", delegate -> delegate.completed(result));
  }

  @Override
  public void failed(GraphUploadException failure) {
    deliver("failed", delegate -> delegate.failed(failure));
  }
}
