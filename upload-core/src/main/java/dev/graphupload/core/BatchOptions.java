package dev.graphupload.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How {@link GraphUploader#uploadAllAsync} (or {@link GraphUploader#uploadAllRequestsAsync}) goes
 * through a batch: how many files at once, who hears of each, and how often it comes back to a file
 * another worker holds.
 *
 * <p>Immutable; each setter returns a copy.
 */
public final class BatchOptions {

  private int parallel = 4;
  private Function<UploadRequest, UploadListener> listeners;
  private Duration revisitEvery = Duration.ofSeconds(1);
  private BatchListener batchListener = BatchListener.NONE;
  private boolean revisitHeld = true;
  private Function<Path, UploadRequest> requests = UploadRequest::of;

  private BatchOptions() {}

  private BatchOptions copy() {
    BatchOptions c = new BatchOptions();
    c.parallel = parallel;
    c.listeners = listeners;
    c.revisitEvery = revisitEvery;
    c.batchListener = batchListener;
    c.revisitHeld = revisitHeld;
    c.requests = requests;
    return c;
  }

  /**
   * Four files at once, the uploader's own listener for each, a held file tried again every second
   * once the others are done.
   *
   * @return the defaults
   */
  public static BatchOptions defaults() {
    return new BatchOptions();
  }

  /**
   * How many files are uploaded at once.
   *
   * @param value 1 to 1024
   * @return a copy with it
   */
  public BatchOptions parallel(int value) {
    if (value < 1 || value > 1024) {
      throw new IllegalArgumentException("A batch runs 1 to 1024 files at once; got " + value);
    }
    BatchOptions c = copy();
    c.parallel = value;
    return c;
  }

  /**
   * The listener of each file's upload, in a batch of files (in a batch of requests, a request of a
   * file gets the listener of its file).
   *
   * @param value gives the listener of a file; called once per upload attempt of it
   * @return a copy with it
   */
  public BatchOptions listeners(Function<Path, UploadListener> value) {
    Objects.requireNonNull(value, "listeners");
    return requestListeners(request -> request.file().map(value).orElse(UploadListener.NONE));
  }

  /**
   * The listener of each request's upload.
   *
   * @param value gives the listener of a request; called once per upload attempt of it
   * @return a copy with it
   */
  public BatchOptions requestListeners(Function<UploadRequest, UploadListener> value) {
    BatchOptions c = copy();
    c.listeners = Objects.requireNonNull(value, "requestListeners");
    return c;
  }

  /**
   * How long a file another worker holds waits before it is tried again. A held file comes back
   * after the files not yet tried, and again until the other worker lets go: it finished it (the
   * file is {@link BatchResult.Status#DONE_ELSEWHERE}) or its lease lapsed (this worker takes it
   * over). How soon a dead worker's lease lapses is the store's: a Redis store's lease time, at
   * once for the file store (the system frees a dead process's locks).
   *
   * @param value the wait, positive
   * @return a copy with it
   */
  public BatchOptions revisitEvery(Duration value) {
    Objects.requireNonNull(value, "revisitEvery");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("revisitEvery must be positive: " + value);
    }
    BatchOptions c = copy();
    c.revisitEvery = value;
    return c;
  }

  /**
   * Told what happens to the batch's files as a whole.
   *
   * @param value the listener
   * @return a copy with it
   */
  public BatchOptions batchListener(BatchListener value) {
    BatchOptions c = copy();
    c.batchListener = Objects.requireNonNull(value, "batchListener");
    return c;
  }

  /**
   * Whether a file another worker holds is come back to (the default) or fails at once with an
   * {@link dev.graphupload.core.store.UploadLockedException}.
   *
   * @param value {@code false} to fail at once
   * @return a copy with it
   */
  public BatchOptions revisitHeld(boolean value) {
    BatchOptions c = copy();
    c.revisitHeld = value;
    return c;
  }

  /**
   * How each file of a batch of files is uploaded: the name and type Graph is told, the key it is
   * resumed by. Default: the file as it is ({@link UploadRequest#of}). Not used by a batch of
   * requests.
   *
   * @param value gives the request of a file; its source must be that file
   * @return a copy with it
   */
  public BatchOptions requests(Function<Path, UploadRequest> value) {
    BatchOptions c = copy();
    c.requests = Objects.requireNonNull(value, "requests");
    return c;
  }

  UploadRequest requestFor(Path file) {
    return requests.apply(file);
  }

  int parallel() {
    return parallel;
  }

  UploadListener listenerFor(UploadRequest request, UploadListener fallback) {
    return listeners == null ? fallback : listeners.apply(request);
  }

  Duration revisitEvery() {
    return revisitEvery;
  }

  boolean revisitHeld() {
    return revisitHeld;
  }

  BatchListener batchListener() {
    return batchListener;
  }

  @Override
  public String toString() {
    return "BatchOptions[parallel=" + parallel + ", revisitEvery=" + revisitEvery + "]";
  }

  /** Told when a file of a batch is put off or ends. Called on the uploader's threads. */
  public interface BatchListener {

    /** A listener that does nothing. */
    BatchListener NONE = new BatchListener() {};

    /**
     * The batch comes back to {@code file} later: another worker holds it, or its lock vanished
     * from the store (a store restarted without its data) and the batch tries it again at once.
     *
     * @param file the file
     * @param why the refusal: an {@link dev.graphupload.core.store.UploadLockedException}, or a
     *     {@link dev.graphupload.core.store.LeaseLostException} whose {@code lossCause()} says
     *     which
     */
    default void deferred(Path file, GraphUploadException why) {}

    /**
     * Another worker holds the upload of {@code request}; the batch comes back to it later. The
     * default calls {@link #deferred(Path, GraphUploadException)} for a request of a file.
     *
     * @param request the request
     * @param why the refusal
     */
    default void deferred(UploadRequest request, GraphUploadException why) {
      request.file().ifPresent(file -> deferred(file, why));
    }

    /**
     * A file of the batch ended.
     *
     * @param result how
     */
    default void finished(BatchResult result) {}
  }
}
