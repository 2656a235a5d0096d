package dev.graphupload.core.internal;

import dev.graphupload.core.ChunkSample;
import dev.graphupload.core.FailureKind;
import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.InvalidFileException;
import dev.graphupload.core.RetriesExhaustedException;
import dev.graphupload.core.RetryDecision;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.SourceFile;
import dev.graphupload.core.UploadCancelledException;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.internal.UploadEvent.ChunkStarted;
import dev.graphupload.core.internal.UploadEvent.HandleReceived;
import dev.graphupload.core.internal.UploadEvent.OffsetReported;
import dev.graphupload.core.internal.UploadEvent.OffsetUnstated;
import dev.graphupload.core.internal.UploadEvent.RequestFailed;
import dev.graphupload.core.internal.UploadEvent.SessionCreated;
import dev.graphupload.core.internal.UploadEvent.SessionFound;
import dev.graphupload.core.internal.UploadEvent.SessionLost;
import dev.graphupload.core.internal.UploadState.NoSession;
import dev.graphupload.core.internal.UploadState.Ready;
import dev.graphupload.core.store.LeaseLostException;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionConflictException;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStoreException;
import dev.graphupload.core.store.UploadLock;
import dev.graphupload.core.store.UploadLockedException;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload of one file, end to end (DESIGN §4): check the file, look in the store, resume or
 * create a session and record it before the first byte, send by the chunk policy, and after any
 * failure back off, ask the server where it stands and go on from there.
 *
 * <p>The run is a chain of steps handed from one future to the next on the uploader's executor: it
 * holds no thread while it waits for the network or a backoff. Exactly one step runs at a time, so
 * the fields need visibility (volatile) but no locking.
 */
public final class UploadRun {

  private static final Logger LOG = LoggerFactory.getLogger(UploadRun.class);
  private static final int MAX_SESSION_RESTARTS = 3;
  private static final Duration HANDLE_MARGIN = Duration.ofMinutes(5);
  private static final Duration LOCK_POLL = Duration.ofMillis(200);

  private final UploadContext ctx;
  private final Path file;
  private final UploadListener listener;
  private final CompletableFuture<UploadResult> result = new CompletableFuture<>();
  private final Instant startedAt;

  private volatile UploadState state = new NoSession();
  private volatile SourceFile source;
  private volatile Fingerprint fingerprint;
  private volatile UploadKey key;
  private volatile SessionRecord record;
  private volatile ChunkSample lastSample;
  private volatile long bytesSent;
  private volatile FileOffset resumedFrom = FileOffset.ZERO;
  private volatile boolean resumed;
  private volatile int failuresInARow;
  private volatile Instant firstFailureAt;
  private volatile int sessionRestarts;
  private volatile CompletableFuture<?> inFlight;
  private volatile UploadLock lock;

  /**
   * A run, not yet started.
   *
   * @param ctx the uploader's configuration
   * @param file the file to upload
   * @param listener told what happens
   */
  public UploadRun(UploadContext ctx, Path file, UploadListener listener) {
    this.ctx = ctx;
    this.file = file;
    this.listener = new SafeListener(listener);
    this.startedAt = ctx.clock().instant();
  }

  /**
   * Starts the run.
   *
   * @return the result; cancelling it stops the run and keeps the session record
   */
  public CompletableFuture<UploadResult> start() {
    result.whenComplete(
        (ignored, failure) -> {
          releaseLock();
          if (result.isCancelled()) {
            CompletableFuture<?> pending = inFlight;
            if (pending != null) {
              pending.cancel(true);
            }
            listener.failed(
                new UploadCancelledException(
                    "The upload of "
                        + file
                        + " was cancelled; its session is kept, so uploading it again resumes"));
          }
        });
    ctx.executor().execute(() -> step(this::prepare));
    return result;
  }

  private void step(Runnable body) {
    if (result.isDone()) {
      return;
    }
    try {
      body.run();
    } catch (Throwable t) {
      fail(t);
    }
  }

  private void fail(Throwable t) {
    GraphUploadException failure = Failures.toUploadException(t);
    LOG.debug("Upload of {} failed: {}", file, failure.getMessage());
    releaseLock();
    if (result.completeExceptionally(failure)) {
      listener.failed(failure);
    }
  }

  // ---- starting: the file, the store, and the decision to reuse, resume or create ----

  private void prepare() {
    source = SourceFile.inspect(file, ctx.maxFileLength());
    listener.started(source);
    fingerprint = Fingerprint.of(source);
    key = UploadKey.of(ctx.endpoint(), ctx.appId(), source.path());
    acquireLock(ctx.clock().instant().plus(ctx.lockWait()));
  }

  /** One uploader per file at a time: take the store's lock, or wait for it, or give up. */
  private void acquireLock(Instant deadline) {
    Optional<UploadLock> taken = ctx.store().tryLock(key);
    if (taken.isPresent()) {
      lock = taken.get();
      if (result.isDone()) {
        lock.close();
        return;
      }
      lock.onLost(this::lockLost);
      lookUp();
    } else if (ctx.clock().instant().isBefore(deadline)) {
      LOG.info("Another upload of {} is running; waiting for it", source.path());
      CompletableFuture<Void> wait = ctx.scheduler().delay(LOCK_POLL);
      inFlight = wait;
      wait.whenCompleteAsync((ignored, error) -> step(() -> acquireLock(deadline)), ctx.executor());
    } else {
      fail(new UploadLockedException(source.path(), key));
    }
  }

  private void lookUp() {
    Optional<SessionRecord> found = ctx.store().find(key);
    if (found.isEmpty()) {
      createSession(null);
      return;
    }
    SessionRecord stored = found.get();
    Optional<String> change = stored.fingerprint().changeSince(fingerprint);
    if (change.isPresent()) {
      restart(stored, "The file changed since its upload began (" + change.get() + ")");
    } else if (stored.state() instanceof RecordState.Completed done) {
      if (isUsable(done)) {
        reuse(stored, done.handle());
      } else {
        restart(stored, "The handle stored for this file has expired");
      }
    } else {
      resume(stored, ((RecordState.InProgress) stored.state()).confirmed());
    }
  }

  private boolean isUsable(RecordState.Completed done) {
    Instant expiry =
        done.handle().expiresAt().orElse(done.completedAt().plus(ctx.handleLifetime()));
    return ctx.clock().instant().plus(HANDLE_MARGIN).isBefore(expiry);
  }

  private void reuse(SessionRecord stored, FileHandle handle) {
    LOG.info("{} was uploaded before; reusing its handle", source.path());
    complete(
        new UploadResult(
            handle,
            stored.sessionId(),
            source.length(),
            0,
            FileOffset.of(source.length()),
            false,
            true,
            elapsed()));
  }

  private void restart(SessionRecord previous, String reason) {
    String message = reason + "; starting a new upload session";
    LOG.info("{}: {}", source.path(), message);
    listener.sessionRestarted(message);
    createSession(previous);
  }

  private void resume(SessionRecord stored, FileOffset recorded) {
    record = stored;
    queryOffset(
        stored.sessionId(),
        offset -> {
          state =
              SessionStateMachine.apply(
                  state, new SessionFound(stored.sessionId(), recorded, offset, source.length()));
          resumed = true;
          resumedFrom = offset;
          LOG.info("Resuming {} at byte {} of {}", source.path(), offset, source.length());
          listener.resumed(stored.sessionId(), offset);
          confirmed(recorded, offset);
          sendNext();
        });
  }

  // ---- the three calls ----

  private void createSession(SessionRecord previous) {
    TransportRequest request = ctx.wire().createSession(ctx.appId(), source);
    exchange(request, BodyProgress.NONE)
        .whenCompleteAsync(
            (response, error) ->
                step(
                    () -> {
                      Runnable again = () -> createSession(previous);
                      if (error != null) {
                        retryOrFail(Failures.toUploadException(error), again);
                        return;
                      }
                      SessionId session;
                      try {
                        session = ctx.wire().readCreated(response);
                      } catch (GraphUploadException e) {
                        retryOrFail(e, again);
                        return;
                      }
                      sessionCreated(previous, session);
                    }),
            ctx.executor());
  }

  private void sessionCreated(SessionRecord previous, SessionId session) {
    Instant now = ctx.clock().instant();
    SessionRecord fresh =
        new SessionRecord(
            key,
            fingerprint,
            ctx.endpoint(),
            ctx.appId(),
            ctx.apiVersion(),
            session,
            source.name(),
            source.length(),
            source.type(),
            new RecordState.InProgress(FileOffset.ZERO),
            now,
            now,
            now.plus(ctx.sessionLifetime()),
            previous == null ? 0 : previous.revision());
    // Recorded before the first byte: a crash from here on resumes this session.
    record = ctx.store().save(fresh);
    state =
        SessionStateMachine.apply(new NoSession(), new SessionCreated(session, source.length()));
    resumedFrom = FileOffset.ZERO;
    resetFailures();
    LOG.info("Created upload session {} for {}", session, source.path());
    listener.sessionCreated(session);
    sendNext();
  }

  /** The lease on this file is gone: stop at once, even mid-request, so no two workers overlap. */
  private void lockLost() {
    GraphUploadException lost = new LeaseLostException(key, "it expired or was taken over");
    releaseLock();
    if (result.completeExceptionally(lost)) {
      LOG.warn("{}", lost.getMessage());
      listener.failed(lost);
      CompletableFuture<?> pending = inFlight;
      if (pending != null) {
        pending.cancel(true);
      }
    }
  }

  private void sendNext() {
    UploadLock held = lock;
    if (held != null && !held.isHeld()) {
      lockLost();
      return;
    }
    Ready ready = (Ready) state;
    long length = source.length();
    long remaining = length - ready.confirmed().value();
    long chunk;
    if (remaining == 0) {
      chunk = 0; // every byte arrived but the handle was lost: an empty request asks for it
    } else if (lastSample == null) {
      chunk = ctx.chunkPolicy().firstChunkSize(remaining);
    } else {
      chunk = ctx.chunkPolicy().nextChunkSize(remaining, lastSample);
    }
    state = SessionStateMachine.apply(state, new ChunkStarted(chunk));
    long from = ready.confirmed().value();
    AtomicLong written = new AtomicLong();
    Instant began = ctx.clock().instant();
    LOG.debug("Sending bytes {}..{} of {} to {}", from, from + chunk, length, ready.session());
    TransportRequest request =
        ctx.wire().sendBytes(ready.session(), source.path(), ready.confirmed(), chunk);
    exchange(
            request,
            total -> {
              if (total > written.getAndAccumulate(total, Math::max)) {
                listener.bytesSent(from + total, length);
              }
            })
        .whenCompleteAsync(
            (response, error) ->
                step(() -> sent(ready.session(), chunk, began, written.get(), response, error)),
            ctx.executor());
  }

  private void sent(
      SessionId session,
      long chunk,
      Instant began,
      long written,
      TransportResponse response,
      Throwable error) {
    Duration took = Duration.between(began, ctx.clock().instant());
    // counted as failed until the reply proves otherwise
    lastSample = new ChunkSample(chunk, took, false);
    if (error != null) {
      bytesSent += written;
      sendFailed(Failures.toUploadException(error));
      return;
    }
    // The server answered, so the whole body was written even if progress was not reported.
    bytesSent += chunk;
    SendReply reply;
    try {
      reply = ctx.wire().readSent(response, source.length());
    } catch (GraphApiException e) {
      if (e.error().isSessionGone()) {
        sessionLost();
      } else if (e.error().isOffsetMismatch()) {
        offsetMismatch(e);
      } else {
        sendFailed(e);
      }
      return;
    } catch (GraphUploadException e) {
      sendFailed(e);
      return;
    }
    lastSample = new ChunkSample(chunk, took, true);
    if (reply instanceof SendReply.Handle h) {
      state = SessionStateMachine.apply(state, new HandleReceived(h.handle()));
      finish(session, h.handle());
    } else if (reply instanceof SendReply.Offset o) {
      FileOffset before = ((UploadState.Sending) state).confirmed();
      state = SessionStateMachine.apply(state, new OffsetReported(o.offset()));
      confirmed(before, o.offset());
      sendNext();
    } else {
      state = SessionStateMachine.apply(state, new OffsetUnstated());
      queryThenSend(session);
    }
  }

  private void sendFailed(GraphUploadException failure) {
    state = SessionStateMachine.apply(state, new RequestFailed());
    SessionId session = ((UploadState.Unsure) state).session();
    retryOrFail(failure, () -> queryThenSend(session));
  }

  private void offsetMismatch(GraphApiException mismatch) {
    // The server holds a different offset than this run thought: ask it, without waiting, but
    // count the surprise so that a server that keeps disagreeing ends the run.
    state = SessionStateMachine.apply(state, new RequestFailed());
    SessionId session = ((UploadState.Unsure) state).session();
    noteFailure();
    if (failuresInARow >= ctx.retryPolicy().maxAttempts()) {
      fail(mismatch);
      return;
    }
    LOG.info("The server's offset differs from ours; asking it where it stands");
    queryThenSend(session);
  }

  private void queryThenSend(SessionId session) {
    queryOffset(
        session,
        offset -> {
          FileOffset before = ((UploadState.Unsure) state).confirmed();
          state = SessionStateMachine.apply(state, new OffsetReported(offset));
          confirmed(before, offset);
          sendNext();
        });
  }

  private void queryOffset(SessionId session, Consumer<FileOffset> then) {
    exchange(ctx.wire().queryOffset(session), BodyProgress.NONE)
        .whenCompleteAsync(
            (response, error) ->
                step(
                    () -> {
                      Runnable again = () -> queryOffset(session, then);
                      if (error != null) {
                        retryOrFail(Failures.toUploadException(error), again);
                        return;
                      }
                      FileOffset offset;
                      try {
                        offset = ctx.wire().readOffset(response, source.length());
                      } catch (GraphApiException e) {
                        if (e.error().isSessionGone()) {
                          sessionLost();
                        } else {
                          retryOrFail(e, again);
                        }
                        return;
                      } catch (GraphUploadException e) {
                        retryOrFail(e, again);
                        return;
                      }
                      then.accept(offset);
                    }),
            ctx.executor());
  }

  // ---- progress, failure and the end ----

  private void confirmed(FileOffset before, FileOffset now) {
    if (before.isBefore(now)) {
      resetFailures();
      sessionRestarts = 0;
    }
    listener.bytesConfirmed(now, source.length());
    Instant at = ctx.clock().instant();
    SessionRecord updated =
        record.withState(new RecordState.InProgress(now), at, at.plus(ctx.sessionLifetime()));
    try {
      record = ctx.store().save(updated);
    } catch (SessionConflictException e) {
      throw e;
    } catch (SessionStoreException e) {
      // The server's offset is the truth: losing this save costs nothing but a GET on resume.
      record = updated;
      LOG.warn(
          "Could not record progress of {} ({}); the upload goes on",
          source.path(),
          e.getMessage());
    }
  }

  private void sessionLost() {
    if (!(state instanceof NoSession)) {
      state = SessionStateMachine.apply(state, new SessionLost());
    }
    if (++sessionRestarts > MAX_SESSION_RESTARTS) {
      fail(
          new GraphUploadException(
              "The server lost the upload session of "
                  + source.path()
                  + " "
                  + sessionRestarts
                  + " times in a row without a byte confirmed in between; giving up. Check the"
                  + " session lifetime and the clock, then run the upload again",
              FailureKind.FATAL,
              null));
      return;
    }
    lastSample = null;
    restart(record, "The upload session expired on the server");
  }

  private void retryOrFail(GraphUploadException failure, Runnable again) {
    noteFailure();
    Duration since = Duration.between(firstFailureAt, ctx.clock().instant());
    RetryDecision decision =
        ctx.retryPolicy()
            .decide(
                failuresInARow,
                since,
                failure,
                Failures.retryHint(failure),
                ctx.random().nextDouble());
    if (decision instanceof RetryDecision.GiveUp giveUp) {
      if (ctx.retryPolicy().classify(failure) == FailureKind.FATAL) {
        fail(failure);
      } else {
        fail(new RetriesExhaustedException(giveUp.reason(), failuresInARow, since, failure));
      }
      return;
    }
    Duration delay = ((RetryDecision.Retry) decision).delay();
    LOG.info(
        "Retrying {} in {} ms (failure {} in a row): {}",
        source == null ? file : source.path(),
        delay.toMillis(),
        failuresInARow,
        failure.getMessage());
    listener.retrying(failure, delay, failuresInARow);
    CompletableFuture<Void> wait = ctx.scheduler().delay(delay);
    inFlight = wait;
    wait.whenCompleteAsync((ignored, error) -> step(again), ctx.executor());
  }

  private void noteFailure() {
    failuresInARow++;
    if (firstFailureAt == null) {
      firstFailureAt = ctx.clock().instant();
    }
  }

  private void resetFailures() {
    failuresInARow = 0;
    firstFailureAt = null;
  }

  private void finish(SessionId session, FileHandle handle) {
    if (!source.isUnchangedOnDisk()) {
      fail(
          new InvalidFileException(
              source.path(),
              "it changed while it was being uploaded, so the server's copy may mix old and new"
                  + " bytes; run the upload again to send it anew"));
      return;
    }
    Instant now = ctx.clock().instant();
    Instant expires = handle.expiresAt().orElse(now.plus(ctx.handleLifetime()));
    SessionRecord done = record.withState(new RecordState.Completed(handle, now), now, expires);
    try {
      record = ctx.store().save(done);
    } catch (SessionStoreException e) {
      // Every byte arrived and the handle is valid: report it. A later run re-asks the server.
      LOG.warn("Could not record the handle of {} ({})", source.path(), e.getMessage());
    }
    LOG.info("Uploaded {} ({} bytes) as {}", source.path(), source.length(), handle);
    complete(
        new UploadResult(
            handle, session, source.length(), bytesSent, resumedFrom, resumed, false, elapsed()));
  }

  private void complete(UploadResult done) {
    releaseLock();
    if (result.complete(done)) {
      listener.completed(done);
    }
  }

  /**
   * Lets the next upload of this file in before the result is published: a caller woken by the
   * result (or a restarted process) may start that upload at once, and must find the lock free.
   */
  private void releaseLock() {
    UploadLock held = lock;
    if (held != null) {
      held.close();
    }
  }

  private Duration elapsed() {
    Duration elapsed = Duration.between(startedAt, ctx.clock().instant());
    return elapsed.isNegative() ? Duration.ZERO : elapsed;
  }

  private CompletableFuture<TransportResponse> exchange(
      TransportRequest request, BodyProgress progress) {
    CompletableFuture<TransportResponse> exchange;
    try {
      exchange = ctx.transport().execute(request, progress);
    } catch (RuntimeException e) {
      exchange = CompletableFuture.failedFuture(e);
    }
    inFlight = exchange;
    if (result.isDone()) {
      exchange.cancel(true);
    }
    return exchange;
  }
}
