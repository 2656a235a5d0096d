package dev.graphupload.core;

import dev.graphupload.core.internal.Failures;
import dev.graphupload.core.store.LeaseLostException;
import dev.graphupload.core.store.LockLoss;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.UploadLockedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A batch of files on its way up ({@link GraphUploader#uploadAllAsync}): several workers — threads,
 * processes or machines sharing one store — can go through the same list, and each ends with a
 * handle for every file, whoever uploaded it.
 *
 * <p>A file another worker holds is put off: it comes back after the files not yet tried, then
 * every {@link BatchOptions#revisitEvery}, until the other worker lets go. If that worker finished
 * it, this batch reports the stored handle ({@link BatchResult.Status#DONE_ELSEWHERE}, nothing
 * sent); if it did not (it died and its lease lapsed, or it failed), this batch takes the upload
 * over from the server's offset ({@link BatchResult.Status#TAKEN_OVER}). A file is never uploaded
 * by two workers at once: that is the store's lock, which this class only waits on.
 *
 * <p>Thread safe.
 */
public final class BatchUpload {

  private final BiFunction<UploadRequest, UploadListener, CompletableFuture<UploadResult>> upload;
  private final Function<UploadRequest, Optional<SessionRecord>> stored;
  private final UploadListener fallbackListener;
  private final BatchOptions options;
  private final Scheduler scheduler;
  private final Ticker ticker;
  private final List<Item> files;
  private final Deque<Item> ready = new ArrayDeque<>();

  /** Files held elsewhere, and the tick (monotonic nanoseconds) at which to try each again. */
  private final Map<Item, Long> putOff = new LinkedHashMap<>();

  /** Each file's completed session when this batch began, if there was one. */
  private final Map<Item, Optional<SessionId>> completedAtStart = new HashMap<>();

  private final Map<Item, CompletableFuture<UploadResult>> running = new HashMap<>();
  private final Set<Item> wasHeld = new HashSet<>();
  private final Set<Item> triedAgain = new HashSet<>();
  private final Map<Item, BatchResult> results = new HashMap<>();
  private final CompletableFuture<List<BatchResult>> done = new CompletableFuture<>();
  private boolean stopped;
  private boolean wakeUpPending;

  BatchUpload(
      BiFunction<UploadRequest, UploadListener, CompletableFuture<UploadResult>> upload,
      Function<UploadRequest, Optional<SessionRecord>> stored,
      UploadListener fallbackListener,
      List<Item> items,
      BatchOptions options,
      Scheduler scheduler,
      Ticker ticker) {
    this.upload = upload;
    this.stored = stored;
    this.fallbackListener = fallbackListener;
    this.options = options;
    this.scheduler = scheduler;
    this.ticker = ticker;
    Map<Object, Item> byIdentity = new LinkedHashMap<>();
    items.forEach(item -> byIdentity.putIfAbsent(item.identity(), item));
    this.files = List.copyOf(byIdentity.values());
    this.ready.addAll(this.files);
  }

  /**
   * One entry of a batch: a file, whose request the options make when it starts, or a request.
   *
   * @param file the file, for a batch of files, else {@code null}
   * @param request the request, for a batch of requests, else {@code null}
   */
  record Item(Path file, UploadRequest request) {

    static Item of(Path file) {
      return new Item(file, null);
    }

    static Item of(UploadRequest request) {
      return new Item(null, request);
    }

    /**
     * What makes two entries one upload: the same file, or the same key. A stream without a key is
     * always its own.
     */
    Object identity() {
      if (file != null) {
        return file.toAbsolutePath().normalize();
      }
      if (request.key().isPresent()) {
        return "key:" + request.key().get();
      }
      return request.file().<Object>map(f -> f.toAbsolutePath().normalize()).orElse(this);
    }

    UploadRequest requestWith(BatchOptions options) {
      return request != null ? request : options.requestFor(file);
    }

    /** The request for a result, even when the options could not make one. */
    UploadRequest reported(BatchOptions options) {
      if (request != null) {
        return request;
      }
      try {
        return options.requestFor(file);
      } catch (RuntimeException e) {
        return UploadRequest.of(file);
      }
    }
  }

  BatchUpload start() {
    // which files the store already holds finished, before anything of this batch runs: one
    // read per file, so that "done elsewhere" is decided by sessions, not by clocks
    for (Item file : files) {
      completedAtStart.put(file, completedSession(file));
    }
    pump();
    return this;
  }

  /**
   * A result per file once every file has ended, in the order given (a file named twice is uploaded
   * and reported once). It never completes exceptionally: a file's failure is its result.
   *
   * @return the results
   */
  public CompletableFuture<List<BatchResult>> results() {
    return done.copy();
  }

  /** Waits for {@link #results()}; an interrupt stops the batch and returns what it has. */
  List<BatchResult> awaitResults() {
    try {
      return done.copy().get();
    } catch (InterruptedException e) {
      stop();
      Thread.currentThread().interrupt();
      return done.join();
    } catch (ExecutionException e) {
      throw new IllegalStateException("A batch's results never fail", e.getCause());
    }
  }

  /**
   * Stops the batch: nothing new starts, the running uploads are cancelled (their sessions are
   * kept, so a new batch resumes them), and {@link #results()} completes with a result for every
   * file — {@link BatchResult.Status#NOT_STARTED} for those that had not begun.
   */
  public void stop() {
    List<CompletableFuture<UploadResult>> cancelling;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      for (Item file : ready) {
        record(file, notStarted(file, "the batch was stopped before it started"));
      }
      for (Item file : putOff.keySet()) {
        record(
            file,
            notStarted(
                file, "the batch was stopped while another upload held it; it has no handle yet"));
      }
      ready.clear();
      putOff.clear();
      cancelling = new ArrayList<>(running.values());
    }
    cancelling.forEach(f -> f.cancel(true));
    finishIfDone();
  }

  @Override
  public synchronized String toString() {
    return "BatchUpload["
        + files.size()
        + " files, "
        + results.size()
        + " ended, "
        + running.size()
        + " running, "
        + putOff.size()
        + " held elsewhere]";
  }

  private void pump() {
    List<Item> starting = new ArrayList<>();
    synchronized (this) {
      if (stopped) {
        starting.clear(); // nothing new; but what just ended may be the last result
      } else {
        pumpLocked(starting);
      }
    }
    for (Item file : starting) {
      begin(file);
    }
    finishIfDone();
  }

  private void pumpLocked(List<Item> starting) {
    long now = ticker.nanos();
    for (var it = putOff.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      if (entry.getValue() - now <= 0) {
        ready.add(entry.getKey()); // after every file not yet tried
        it.remove();
      }
    }
    while (running.size() < options.parallel() && !ready.isEmpty()) {
      Item file = ready.poll();
      running.put(file, new CompletableFuture<>()); // a place held until it has started
      starting.add(file);
    }
    if (ready.isEmpty()
        && !putOff.isEmpty()
        && running.size() < options.parallel()
        && !wakeUpPending) {
      wakeUpPending = true;
      long next = putOff.values().stream().mapToLong(tick -> tick - now).min().orElse(0);
      scheduler
          .delay(Duration.ofNanos(Math.max(0, next)))
          .whenComplete(
              (ignored, e) -> {
                synchronized (this) {
                  wakeUpPending = false;
                }
                pump();
              });
    }
  }

  private void begin(Item file) {
    CompletableFuture<UploadResult> started;
    try {
      UploadRequest request = file.requestWith(options);
      started = upload.apply(request, options.listenerFor(request, fallbackListener));
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    synchronized (this) {
      if (stopped) {
        started.cancel(true);
      }
      running.put(file, started);
    }
    started.whenComplete((result, failure) -> ended(file, result, failure));
  }

  private void ended(Item file, UploadResult result, Throwable thrown) {
    GraphUploadException failure = thrown == null ? null : asUploadFailure(thrown);
    boolean vanished =
        failure instanceof LeaseLostException lost && lost.lossCause() == LockLoss.Cause.VANISHED;
    boolean held =
        options.revisitHeld()
            && (failure instanceof UploadLockedException
                || (failure instanceof LeaseLostException lost
                    && lost.lossCause() == LockLoss.Cause.TAKEN_OVER));
    boolean wasHeldBefore;
    synchronized (this) {
      wasHeldBefore = wasHeld.contains(file);
      // a lock gone from the store (a store restarted empty): this batch tries the file again at
      // once, one time, without waiting on anyone; it resumes if the record survived, or sends the
      // file anew, and is not reported as taken over from someone else
      if (vanished && !stopped && triedAgain.add(file)) {
        running.remove(file);
        putOff.put(file, ticker.nanos());
      } else {
        vanished = false;
      }
    }
    if (vanished) {
      notifyDeferred(file, failure);
      pump();
      return;
    }
    // The store and the listeners are called outside the monitor: a slow store or listener never
    // holds up the rest of the batch.
    BatchResult outcome = held ? null : resultOf(file, result, failure, wasHeldBefore);
    boolean deferred;
    synchronized (this) {
      running.remove(file);
      deferred = held && !stopped;
      if (deferred) {
        wasHeld.add(file);
        putOff.put(file, ticker.nanos() + options.revisitEvery().toNanos());
      } else {
        if (outcome == null) {
          outcome = resultOf(file, result, failure, true);
        }
        record(file, outcome);
      }
    }
    if (deferred) {
      notifyDeferred(file, failure);
    } else {
      notifyFinished(outcome);
    }
    pump();
  }

  private BatchResult resultOf(
      Item file, UploadResult result, GraphUploadException failure, boolean held) {
    if (failure != null) {
      return new BatchResult(
          file.reported(options),
          BatchResult.Status.FAILED,
          Optional.empty(),
          Optional.of(failure));
    }
    BatchResult.Status status;
    if (result.outcome() == UploadResult.Outcome.ALREADY_UPLOADED) {
      status =
          held || finishedElsewhereSinceTheStart(file)
              ? BatchResult.Status.DONE_ELSEWHERE
              : BatchResult.Status.ALREADY_UPLOADED;
    } else if (held) {
      status = BatchResult.Status.TAKEN_OVER;
    } else {
      status =
          result.outcome() == UploadResult.Outcome.RESUMED
              ? BatchResult.Status.RESUMED
              : BatchResult.Status.UPLOADED;
    }
    return new BatchResult(file.reported(options), status, Optional.of(result), Optional.empty());
  }

  /**
   * Whether the completed session the store now holds for the file is not the one it held when this
   * batch began: another worker finished it meanwhile (though this batch never found it held).
   * Decided by the sessions' identity, never by comparing this machine's clock with the time
   * another machine wrote in the record.
   */
  private boolean finishedElsewhereSinceTheStart(Item file) {
    Optional<SessionId> before;
    synchronized (this) {
      before = completedAtStart.getOrDefault(file, Optional.empty());
    }
    Optional<SessionId> now = completedSession(file);
    return now.isPresent() && !now.equals(before);
  }

  /** The id of the file's completed session in the store, if it has one. */
  private Optional<SessionId> completedSession(Item file) {
    try {
      return stored
          .apply(file.requestWith(options))
          .filter(r -> r.state() instanceof RecordState.Completed)
          .map(SessionRecord::sessionId);
    } catch (RuntimeException e) {
      return Optional.empty(); // the store could not say: "already uploaded" is true either way
    }
  }

  private BatchResult notStarted(Item file, String why) {
    UploadRequest request = file.reported(options);
    return new BatchResult(
        request,
        BatchResult.Status.NOT_STARTED,
        Optional.empty(),
        Optional.of(
            new UploadCancelledException(
                (file.file() != null ? file.file().toString() : request.label()) + ": " + why)));
  }

  private static GraphUploadException asUploadFailure(Throwable thrown) {
    if (Failures.unwrap(thrown) instanceof CancellationException) {
      return new UploadCancelledException(
          "The upload was cancelled; its session is kept, so uploading it again resumes");
    }
    return Failures.toUploadException(thrown);
  }

  private void record(Item file, BatchResult result) {
    results.put(file, result);
  }

  private void notifyDeferred(Item file, GraphUploadException why) {
    try {
      options.batchListener().deferred(file.reported(options), why);
    } catch (RuntimeException e) {
      // a listener's failure is its own; the batch goes on
    }
  }

  private void notifyFinished(BatchResult result) {
    try {
      options.batchListener().finished(result);
    } catch (RuntimeException e) {
      // a listener's failure is its own; the batch goes on
    }
  }

  private void finishIfDone() {
    List<BatchResult> all;
    synchronized (this) {
      if (results.size() < files.size() || done.isDone()) {
        return;
      }
      all = files.stream().map(results::get).toList();
    }
    done.complete(all);
  }
}
