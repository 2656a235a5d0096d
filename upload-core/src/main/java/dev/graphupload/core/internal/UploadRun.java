package dev.graphupload.core.internal;

import dev.graphupload.core.FileSource;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.SourceFile;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadRequest;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.UploadSource;
import dev.graphupload.core.UploadSubject;
import dev.graphupload.core.store.RangeDigest;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.TransportResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload of one file: the interpreter of the {@link UploadMachine}. It checks the file, then
 * feeds the machine one {@link RunEvent} at a time and performs the {@link Step} it returns. It is
 * the only code of an upload that calls the transport, the store, the clocks, the scheduler and the
 * listeners, and it keeps the upload's one {@link Progress}.
 *
 * <p>Events are handled one at a time, in order, on the uploader's executor ({@link RunQueue});
 * store calls run on the store executor and their answers come back as events. Nothing is handled
 * after the upload ends.
 */
public final class UploadRun {

  private static final Logger LOG = LoggerFactory.getLogger(UploadRun.class);

  private final UploadContext ctx;
  private final UploadRequest request;
  private final UploadListener listener;
  private final CompletableFuture<UploadResult> result = new CompletableFuture<>();
  private final RunQueue queue;
  private final Tell tell;

  // Touched only by tasks of the queue, one at a time.
  private Rules rules;
  private Progress progress;
  private OpenSource open;
  private boolean ended;

  private volatile CompletableFuture<?> inFlight;
  private final HeldLock lock = new HeldLock();

  /**
   * A run, not yet started.
   *
   * @param ctx the uploader's configuration
   * @param request what to upload; a stream already spooled
   * @param listener told what happens (besides a listener from each of the uploader's factories)
   */
  public UploadRun(UploadContext ctx, UploadRequest request, UploadListener listener) {
    this.ctx = ctx;
    this.request = request;
    this.listener = SafeListener.forUpload(listener, ctx.listenerFactories(), request);
    this.queue = new RunQueue(ctx.executor(), this::failNow);
    this.tell = new Tell(this.listener, request.label());
  }

  /**
   * Starts the run.
   *
   * @return the result; cancelling it stops the run and keeps the session record
   */
  public CompletableFuture<UploadResult> start() {
    result.whenComplete(
        (ignored, failure) -> {
          if (result.isCancelled()) {
            lock.release(); // the next upload of this file may start at once
            queue.post(() -> handle(new RunEvent.Cancelled()));
          }
        });
    queue.post(this::begin);
    return result;
  }

  private void begin() {
    if (result.isDone()) {
      return;
    }
    UploadSource source = request.source().orElseThrow();
    UploadSubject subject;
    Optional<Fingerprint> fingerprint = Optional.empty();
    if (source instanceof FileSource f) {
      SourceFile file =
          SourceFile.inspect(f.path(), ctx.maxFileLength(), request.fileName(), request.fileType());
      subject = UploadSubject.of(file, request);
      fingerprint = Optional.of(Fingerprint.of(file));
      open = new OpenFile(file, fingerprint.get().identity()); // held open from here to the end
    } else {
      subject = UploadSubject.inspect(source, request, ctx.maxFileLength());
      open = new OpenRanged(source, subject);
    }
    listener.started(subject);
    rules = Rules.of(ctx, subject, fingerprint);
    progress = Progress.start(ctx.ticker().nanos());
    handle(new RunEvent.Begin());
  }

  // ---- the loop: an event in, a step out ----

  private void handle(RunEvent event) {
    if (ended || (result.isDone() && !(event instanceof RunEvent.Cancelled))) {
      return;
    }
    if (rules == null) { // cancelled before the file was checked
      end(new Step.Fail(UploadMachine.cancelled(request.label())));
      return;
    }
    if (event instanceof RunEvent.LockTaken taken) {
      lock.hold(taken.lock(), () -> queue.post(() -> handle(new RunEvent.LockLost(lock.loss()))));
      if (result.isDone()) {
        lock.release(); // cancelled while the lock was being taken
      }
    }
    Moment now = new Moment(ctx.ticker().nanos(), ctx.clock().instant(), ctx.random().nextDouble());
    Transition next = UploadMachine.next(rules, progress, event, now);
    progress = next.progress();
    next.notices().forEach(tell::notice);
    perform(next.step());
  }

  private void perform(Step step) {
    if (step instanceof Step.Finish || step instanceof Step.Fail) {
      end(step);
    } else if (step instanceof Step.Call call) {
      call(call);
    } else if (step instanceof Step.Wait wait) {
      await(ctx.scheduler().delay(wait.delay()), ignored -> new RunEvent.WaitOver(wait));
    } else if (step instanceof Step.Record record) {
      if (record.entry() instanceof Step.Entry.Completed) {
        open.checkUnchanged(); // after the last byte, as before each request
      }
      Progress now = progress;
      await(
          CompletableFuture.supplyAsync(
              () -> Records.write(ctx, rules, now, record.entry(), open), ctx.storeExecutor()),
          saved -> new RunEvent.Recorded(record, saved));
    } else if (step instanceof Step.TakeLock) {
      await(
          CompletableFuture.supplyAsync(
              () -> ctx.locks().tryLock(rules.key()), ctx.storeExecutor()),
          taken -> taken.<RunEvent>map(RunEvent.LockTaken::new).orElseGet(this::busy));
    } else if (step instanceof Step.FindRecord) {
      await(
          CompletableFuture.supplyAsync(() -> ctx.records().find(rules.key()), ctx.storeExecutor()),
          RunEvent.RecordFound::new);
    } else if (step instanceof Step.CompareContent compare) {
      List<RangeDigest> digests = UploadMachine.recordOf(compare.decision()).state().digests();
      queue.post(
          () -> handle(new RunEvent.ContentCompared(compare, open.firstDifference(digests))));
    }
  }

  private RunEvent busy() {
    LOG.info("Another upload of {} is running; waiting for it", request.label());
    return new RunEvent.LockBusy();
  }

  /** Waits for {@code pending} off the queue, then handles the event made of its value. */
  private <T> void await(CompletableFuture<T> pending, Function<T, RunEvent> event) {
    inFlight = pending;
    pending.whenComplete(
        (value, error) ->
            queue.post(
                () -> {
                  if (error != null) {
                    throw Failures.toUploadException(error);
                  }
                  handle(event.apply(value));
                }));
  }

  private void call(Step.Call call) {
    if (call instanceof Step.Send) {
      if (lock.isLost()) {
        queue.post(() -> handle(new RunEvent.LockLost(lock.loss())));
        return;
      }
      open.checkUnchanged();
      tell.sending((Step.Send) call, rules.length());
    }
    long from = call instanceof Step.Send send ? send.from().value() : 0;
    AtomicLong written = new AtomicLong();
    BodyProgress onWrite =
        call instanceof Step.Send
            ? total -> {
              long before = written.getAndAccumulate(total, Math::max);
              if (total > before) {
                tell.bytesSent(queue, () -> !ended, from + total, total - before, rules.length());
              }
            }
            : BodyProgress.NONE;
    long began = ctx.ticker().nanos();
    CompletableFuture<TransportResponse> exchange;
    try {
      exchange = ctx.transport().execute(Calls.request(ctx, call, rules, open), onWrite);
    } catch (RuntimeException e) {
      exchange = CompletableFuture.failedFuture(e);
    }
    inFlight = exchange;
    if (result.isDone()) {
      exchange.cancel(true);
    }
    exchange.whenComplete(
        (response, error) ->
            queue.post(
                () -> {
                  Duration took = Duration.ofNanos(Math.max(0, ctx.ticker().nanos() - began));
                  Reply reply =
                      error != null
                          ? new Reply.Failed(Failures.toUploadException(error))
                          : Calls.read(ctx, call, response, rules.length());
                  handle(new RunEvent.Answered(call, reply, written.get(), took, error == null));
                }));
  }

  // ---- the lock, and how a run ends ----

  /**
   * Ends the run. Whatever is in flight is stopped and the lock released before the listener hears
   * the end, and the listener before the result is published: a caller woken by the result finds
   * every event delivered and may start the next upload of this file at once.
   */
  private void end(Step last) {
    ended = true;
    if (last instanceof Step.Fail) {
      CompletableFuture<?> pending = inFlight;
      if (pending != null) {
        pending.cancel(true);
      }
    }
    lock.release();
    if (open != null) {
      open.close();
    }
    if (last instanceof Step.Finish finish) {
      tell.completed(finish.result());
      result.complete(finish.result());
    } else {
      GraphUploadException failure = ((Step.Fail) last).failure();
      LOG.debug("Upload failed: {}", failure.getMessage());
      listener.failed(failure);
      result.completeExceptionally(failure);
    }
  }

  private void failNow(GraphUploadException failure) {
    if (!ended) {
      end(new Step.Fail(failure));
    }
  }
}
