package dev.graphupload.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How {@link GraphUploader#uploadAllAsync} goes through a batch: how many files at once, who hears
 * of each, and how often it comes back to a file another worker holds.
 *
 * <p>Immutable; each setter returns a copy.
 */
public final class BatchOptions {

  private final int parallel;
  private final Function<Path, UploadListener> listeners;
  private final Duration revisitEvery;
  private final BatchListener batchListener;
  private final boolean revisitHeld;
  private final Function<Path, UploadRequest> requests;

  private BatchOptions(
      int parallel,
      Function<Path, UploadListener> listeners,
      Duration revisitEvery,
      BatchListener batchListener,
      boolean revisitHeld) {
    this(parallel, listeners, revisitEvery, batchListener, revisitHeld, UploadRequest::of);
  }

  private BatchOptions(
      int parallel,
      Function<Path, UploadListener> listeners,
      Duration revisitEvery,
      BatchListener batchListener,
      boolean revisitHeld,
      Function<Path, UploadRequest> requests) {
    this.requests = requests;
    this.parallel = parallel;
    this.listeners = listeners;
    this.revisitEvery = revisitEvery;
    this.batchListener = batchListener;
    this.revisitHeld = revisitHeld;
  }

  /**
   * Four files at once, the uploader's own listener for each, a held file tried again every second
   * once the others are done.
   *
   * @return the defaults
   */
  public static BatchOptions defaults() {
    return new BatchOptions(4, null, Duration.ofSeconds(1), BatchListener.NONE, true);
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
    return new BatchOptions(value, listeners, revisitEvery, batchListener, revisitHeld, requests);
  }

  /**
   * The listener of each file's upload.
   *
   * @param value gives the listener of a file; called once per upload attempt of it
   * @return a copy with it
   */
  public BatchOptions listeners(Function<Path, UploadListener> value) {
    return new BatchOptions(
        parallel,
        Objects.requireNonNull(value, "listeners"),
        revisitEvery,
        batchListener,
        revisitHeld,
        requests);
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
    return new BatchOptions(parallel, listeners, value, batchListener, revisitHeld, requests);
  }

  /**
   * Told what happens to the batch's files as a whole.
   *
   * @param value the listener
   * @return a copy with it
   */
  public BatchOptions batchListener(BatchListener value) {
    return new BatchOptions(
        parallel,
        listeners,
        revisitEvery,
        Objects.requireNonNull(value, "batchListener"),
        revisitHeld,
        requests);
  }

  /**
   * Whether a file another worker holds is come back to (the default) or fails at once with an
   * {@link dev.graphupload.core.store.UploadLockedException}.
   *
   * @param value {@code false} to fail at once
   * @return a copy with it
   */
  public BatchOptions revisitHeld(boolean value) {
    return new BatchOptions(parallel, listeners, revisitEvery, batchListener, value, requests);
  }

  /**
   * How each file of the batch is uploaded: the name and type Graph is told, the key it is resumed
   * by. Default: the file as it is ({@link UploadRequest#of}).
   *
   * @param value gives the request of a file; its source must be that file
   * @return a copy with it
   */
  public BatchOptions requests(Function<Path, UploadRequest> value) {
    return new BatchOptions(
        parallel,
        listeners,
        revisitEvery,
        batchListener,
        revisitHeld,
        Objects.requireNonNull(value, "requests"));
  }

  UploadRequest requestFor(Path file) {
    return requests.apply(file);
  }

  int parallel() {
    return parallel;
  }

  UploadListener listenerFor(Path file, UploadListener fallback) {
    return listeners == null ? fallback : listeners.apply(file);
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
     * Another worker holds {@code file}; the batch comes back to it later.
     *
     * @param file the file
     * @param why the refusal (an {@link dev.graphupload.core.store.UploadLockedException} or a lost
     *     lease)
     */
    default void deferred(Path file, GraphUploadException why) {}

    /**
     * A file of the batch ended.
     *
     * @param result how
     */
    default void finished(BatchResult result) {}
  }
}
