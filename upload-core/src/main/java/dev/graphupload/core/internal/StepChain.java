package dev.graphupload.core.internal;

import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.UploadLock;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one upload's steps one at a time, in order, on the uploader's executor, and owns its result.
 * Whatever happens elsewhere (a reply on a transport thread, a backoff ending on a timer, a lease
 * lost on a store's renewal thread) is posted here as a step, so the upload's state and its
 * listener are only ever touched by one step at a time. Posting gives each step a happens-before
 * edge to the next, so the run's fields need no locks.
 *
 * <p>A step that throws fails the upload with what it threw. Nothing runs after the result is set.
 */
final class StepChain {

  private static final Logger LOG = LoggerFactory.getLogger(StepChain.class);

  private final Executor executor;
  private final UploadListener listener;
  private final CompletableFuture<UploadResult> result = new CompletableFuture<>();
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private volatile CompletableFuture<?> inFlight;
  private volatile UploadLock lock;
  private volatile boolean heardFromServer;

  StepChain(Executor executor, UploadListener listener) {
    this.executor = executor;
    this.listener = listener;
  }

  CompletableFuture<UploadResult> result() {
    return result;
  }

  boolean isDone() {
    return result.isDone();
  }

  /** Runs {@code body} after every step posted before it; a throw fails the upload. */
  void post(Runnable body) {
    queue.add(
        () -> {
          if (result.isDone()) {
            return;
          }
          try {
            body.run();
          } catch (Throwable t) {
            fail(Failures.toUploadException(t));
          }
        });
    if (queued.getAndIncrement() == 0) {
      executor.execute(this::drain);
    }
  }

  /** Runs an event for the listener in order with the steps, even after the result is set. */
  void postEvent(Runnable event) {
    queue.add(event);
    if (queued.getAndIncrement() == 0) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    do {
      queue.poll().run();
    } while (queued.decrementAndGet() != 0);
  }

  /** Runs {@code then} as a step once {@code wait} ends, however it ends. */
  void after(CompletableFuture<?> wait, Runnable then) {
    inFlight = wait;
    wait.whenComplete((ignored, error) -> post(then));
  }

  /**
   * One call and its reading: the transport's reply is read into a {@link Reply} and handed to
   * {@code then} as a step; a failed exchange becomes {@link Reply.Failed}.
   */
  void call(
      HttpTransport transport,
      TransportRequest request,
      BodyProgress progress,
      Function<TransportResponse, Reply> read,
      Consumer<Reply> then) {
    CompletableFuture<TransportResponse> exchange;
    try {
      exchange = transport.execute(request, progress);
    } catch (RuntimeException e) {
      exchange = CompletableFuture.failedFuture(e);
    }
    inFlight = exchange;
    if (result.isDone()) {
      exchange.cancel(true);
    }
    exchange.whenComplete(
        (response, error) -> {
          if (error == null) {
            heardFromServer = true;
          }
          post(
              () ->
                  then.accept(
                      error != null
                          ? new Reply.Failed(Failures.toUploadException(error))
                          : read.apply(response)));
        });
  }

  /** Whether any call of this upload got a reply (of any status) from the server. */
  boolean heardFromServer() {
    return heardFromServer;
  }

  /** The upload holds {@code taken} until it ends. */
  void hold(UploadLock taken) {
    lock = taken;
    if (result.isDone()) {
      taken.close(); // cancelled while the lock was being taken
    }
  }

  /** Stops whatever is in flight (a request, a wait). */
  void cancelInFlight() {
    CompletableFuture<?> pending = inFlight;
    if (pending != null) {
      pending.cancel(true);
    }
  }

  /**
   * Ends the upload with {@code failure}. The listener hears it before the result is published, so
   * a caller woken by the result finds every event delivered (a progress bar closed, say).
   */
  void fail(GraphUploadException failure) {
    LOG.debug("Upload failed: {}", failure.getMessage());
    releaseLock();
    if (!result.isDone()) {
      listener.failed(failure);
      result.completeExceptionally(failure);
    }
  }

  /** Ends the upload with its result, told to the listener first, as {@link #fail} does. */
  void complete(UploadResult done) {
    releaseLock();
    if (!result.isDone()) {
      listener.completed(done);
      result.complete(done);
    }
  }

  /**
   * Lets the next upload of this file in before the result is published: a caller woken by the
   * result (or a restarted process) may start that upload at once, and must find the lock free.
   */
  void releaseLock() {
    UploadLock held = lock;
    if (held != null) {
      held.close();
    }
  }

  UploadLock lock() {
    return lock;
  }
}
