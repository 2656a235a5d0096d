package dev.graphupload.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Records every event as a short line, and the values tests check. */
public final class RecordingListener implements UploadListener {

  public final List<String> events = new CopyOnWriteArrayList<>();
  public final List<Long> confirmed = new CopyOnWriteArrayList<>();
  public final List<Duration> delays = new CopyOnWriteArrayList<>();
  public final List<GraphUploadException> failures = new CopyOnWriteArrayList<>();
  public final List<RestartReason> restarts = new CopyOnWriteArrayList<>();
  public final List<String> restartMessages = new CopyOnWriteArrayList<>();
  public final List<String> threads = new CopyOnWriteArrayList<>();

  /** Counted down when the upload is reported failed: that report may come after its future. */
  public final CountDownLatch failedOnce = new CountDownLatch(1);

  @Override
  public void started(UploadSubject upload) {
    events.add("started " + upload.fileName());
  }

  @Override
  public void sessionCreated(SessionId sessionId) {
    events.add("created " + sessionId);
    confirmed.add(-1L); // marks a new session: offsets start again
  }

  @Override
  public void resumed(SessionId sessionId, FileOffset from) {
    events.add("resumed " + sessionId + " at " + from);
  }

  @Override
  public void sessionRestarted(RestartReason reason, String message) {
    events.add("restarted: " + reason + ": " + message);
    restarts.add(reason);
    restartMessages.add(message);
  }

  @Override
  public void handleUnverified(FileHandle handle, String why) {
    events.add("unverified " + handle + ": " + why);
  }

  @Override
  public void bytesConfirmed(FileOffset offset, long length) {
    confirmed.add(offset.value());
  }

  @Override
  public void retrying(GraphUploadException failure, Duration delay, int attempt) {
    events.add("retrying #" + attempt + " in " + delay.toMillis() + "ms: " + failure.getMessage());
    delays.add(delay);
    failures.add(failure);
  }

  @Override
  public void completed(UploadResult result) {
    events.add("completed " + result.handle());
  }

  @Override
  public void failed(GraphUploadException failure) {
    threads.add(Thread.currentThread().getName());
    events.add("failed: " + failure.getMessage());
    failures.add(failure);
    failedOnce.countDown();
  }

  public long count(String prefix) {
    return events.stream().filter(e -> e.startsWith(prefix)).count();
  }
}
