package dev.graphupload.core.internal;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.RestartReason;
import dev.graphupload.core.SourceFile;
import dev.graphupload.core.UploadCancelledException;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.UploadResult.Outcome;
import dev.graphupload.core.internal.UploadEvent.HandleReceived;
import dev.graphupload.core.internal.UploadEvent.SessionLost;
import dev.graphupload.core.store.LeaseLostException;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.UploadLock;
import dev.graphupload.core.store.UploadLockedException;
import dev.graphupload.core.transport.BodyProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload of one file (DESIGN §4), read top-down as its steps: check the file and take its lock
 * → decide where to start → create a session if needed → send until the server returns a handle and
 * confirms every byte ({@link SendLoop}) → record the handle and report. After any failure the
 * {@link dev.graphupload.core.RetryPolicy} decides, on one budget, and the server's offset is asked
 * before going on.
 *
 * <p>Each step runs on the {@link StepChain}, one at a time, and replaces the upload's one {@link
 * Progress} value; the server's answers arrive as {@link Reply} values.
 */
public final class UploadRun {

  private static final Logger LOG = LoggerFactory.getLogger(UploadRun.class);
  private static final Duration LOCK_POLL = Duration.ofMillis(200);
  private static final String EXPIRED = "The upload session expired on the server";

  private final UploadContext ctx;
  private final Path file;
  private final UploadListener listener;
  private final StepChain chain;

  // Set by the first step, once the file passed its checks; read only by later steps.
  private volatile Upload up;
  private Fingerprint fingerprint;
  private SendLoop sending;

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
    java.util.List<UploadListener> all = new java.util.ArrayList<>();
    all.add(listener);
    for (UploadListener.Factory factory : ctx.listenerFactories()) {
      try {
        all.add(factory.create(file));
      } catch (RuntimeException e) {
        LOG.warn("Listener factory {} failed; ignored", factory.getClass().getName(), e);
      }
    }
    this.listener = new SafeListener(all);
    this.chain = new StepChain(ctx.executor(), this.listener);
  }

  /**
   * Starts the run.
   *
   * @return the result; cancelling it stops the run and keeps the session record
   */
  public CompletableFuture<UploadResult> start() {
    CompletableFuture<UploadResult> result = chain.result();
    result.whenComplete(
        (ignored, failure) -> {
          if (up != null) {
            up.closeFile();
          }
          if (result.isCancelled()) {
            chain.releaseLock();
            chain.postEvent(this::cancelled);
          }
        });
    chain.post(this::prepare);
    return result;
  }

  // ---- 1. the file and its lock ----

  private void prepare() {
    SourceFile source = SourceFile.inspect(file, ctx.maxFileLength());
    listener.started(source);
    fingerprint = Fingerprint.of(source);
    up = new Upload(ctx, listener, chain, source, fingerprint.identity());
    up.file(); // held open from here to the end
    if (chain.result().isDone()) {
      up.closeFile(); // cancelled meanwhile: its completion found no file to close
    }
    sending = new SendLoop(up, this::sessionLost, this::finish, this::lockLost);
    acquireLock(up.now().plus(ctx.lockWait()));
  }

  private void acquireLock(Instant deadline) {
    Optional<UploadLock> taken = ctx.store().tryLock(up.key);
    if (taken.isPresent()) {
      chain.hold(taken.get());
      taken.get().onLost(() -> chain.post(this::lockLost));
      decide();
    } else if (up.now().isBefore(deadline)) {
      LOG.info("Another upload of {} is running; waiting for it", up.source.path());
      chain.after(ctx.scheduler().delay(LOCK_POLL), () -> acquireLock(deadline));
    } else {
      chain.fail(new UploadLockedException(up.source.path(), up.key));
    }
  }

  // ---- 2. where to start ----

  private void decide() {
    Optional<SessionRecord> stored = ctx.store().find(up.key);
    ResumeDecision decision =
        ResumeDecision.of(stored, fingerprint, up.now(), ctx.handleLifetime(), ctx.verifyContent());
    if (decision instanceof ResumeDecision.Reuse reuse
        && !proven(reuse.record(), reuse.proof(), up.length())) {
      return;
    }
    if (decision instanceof ResumeDecision.Reuse reuse) {
      LOG.info("{} was uploaded before; reusing its handle", up.source.path());
      chain.complete(
          new UploadResult(
              reuse.handle(),
              reuse.record().sessionId(),
              up.length(),
              0,
              FileOffset.of(up.length()),
              Outcome.ALREADY_UPLOADED,
              up.elapsed()));
    } else if (decision instanceof ResumeDecision.Resume resume) {
      if (proven(resume.record(), resume.proof(), 0)) {
        resume(resume.record(), resume.proof());
      }
    } else if (decision instanceof ResumeDecision.Restart restart) {
      restart(restart.previous(), restart.reason(), restart.message());
    } else {
      create(null);
    }
  }

  /**
   * Compares the file with the record's digests, if the decision asks it; starts a new session when
   * they differ, or when they must but do not cover {@code mustCover} bytes.
   *
   * @return whether the record can be used
   */
  private boolean proven(SessionRecord stored, ResumeDecision.Proof proof, long mustCover) {
    if (proof == ResumeDecision.Proof.NONE) {
      return true;
    }
    java.util.List<dev.graphupload.core.store.RangeDigest> digests = stored.state().digests();
    Optional<String> difference = ContentDigests.firstDifference(digests, up.file());
    if (difference.isPresent()) {
      restart(
          stored,
          RestartReason.FILE_CHANGED,
          "The file's content changed since it was sent (" + difference.get() + ")");
      return false;
    }
    if (proof == ResumeDecision.Proof.REQUIRED && ContentDigests.covered(digests) < mustCover) {
      restart(stored, RestartReason.FILE_CHANGED, unproven(ContentDigests.covered(digests)));
      return false;
    }
    LOG.info(
        "{}: the bytes sent match the file ({} bytes compared)",
        up.source.path(),
        ContentDigests.covered(digests));
    return true;
  }

  private static String unproven(long covered) {
    return "The file was written to or replaced since it was sent (its inode or status-change"
        + " time differs) and only its first "
        + covered
        + " bytes could be compared with what was sent";
  }

  private void resume(SessionRecord stored, ResumeDecision.Proof proof) {
    FileOffset recorded = ((RecordState.InProgress) stored.state()).confirmed();
    up.ask(
        stored.sessionId(),
        gone -> restart(stored, RestartReason.SESSION_EXPIRED, EXPIRED),
        offset -> {
          long covered = ContentDigests.covered(stored.state().digests());
          if (proof == ResumeDecision.Proof.REQUIRED && offset.value() > covered) {
            restart(stored, RestartReason.FILE_CHANGED, unproven(covered));
            return;
          }
          up.progress = up.progress.resumed(stored, recorded, offset, up.length());
          LOG.info("Resuming {} at byte {} of {}", up.source.path(), offset, up.length());
          listener.resumed(stored.sessionId(), offset);
          up.confirmed(recorded);
          sending.sendNext();
        });
  }

  private void restart(SessionRecord previous, RestartReason reason, String why) {
    String message = why + "; starting a new upload session";
    LOG.info("{}: {}", up.source.path(), message);
    listener.sessionRestarted(reason, message);
    create(previous);
  }

  /** The server forgot the session mid-upload: a surprise that draws on the budget. */
  private void sessionLost(GraphApiException gone) {
    up.progress = up.progress.on(new SessionLost());
    SessionRecord previous = up.progress.stored();
    up.retry(
        gone,
        FailureKind.OUT_OF_SYNC,
        () -> restart(previous, RestartReason.SESSION_EXPIRED, EXPIRED));
  }

  // ---- 3. a session, recorded before the first byte ----

  private void create(SessionRecord previous) {
    chain.call(
        ctx.transport(),
        ctx.wire().createSession(ctx.appId(), up.source),
        BodyProgress.NONE,
        ctx.wire()::readCreated,
        reply -> {
          if (reply instanceof Reply.Created created) {
            SessionRecord fresh =
                Records.fresh(ctx, up.key, fingerprint, up.source, created.session(), previous);
            // Recorded before the first byte: a crash from here on resumes this session.
            up.progress = up.progress.created(ctx.store().save(fresh), up.length());
            LOG.info("Created upload session {} for {}", created.session(), up.source.path());
            listener.sessionCreated(created.session());
            sending.sendNext();
          } else {
            Reply.Failed failed = (Reply.Failed) reply;
            up.retry(failed.failure(), failed.kind(), () -> create(previous));
          }
        });
  }

  // ---- 4. send until every byte is confirmed: SendLoop ----

  // ---- 5. record the handle and report ----

  private void finish(FileHandle handle) {
    up.checkUnchanged(); // after the last byte, as before each request
    up.progress = up.progress.on(new HandleReceived(handle));
    up.progress =
        Records.saveCompleted(
            ctx, up.progress, handle, up.source.path(), up.digestsUpTo(up.length()));
    LOG.info("Uploaded {} ({} bytes) as {}", up.source.path(), up.length(), handle);
    chain.complete(
        new UploadResult(
            handle,
            up.progress.session(),
            up.length(),
            up.progress.bytesSent(),
            up.progress.resumedFrom(),
            up.progress.outcome(),
            up.elapsed()));
  }

  // ---- how a run stops early ----

  /** The lease on this file is gone: stop at once, even mid-request, so no two workers overlap. */
  private void lockLost() {
    LeaseLostException lost = new LeaseLostException(up.key, "it expired or was taken over");
    LOG.warn("{}", lost.getMessage());
    chain.cancelInFlight(); // stopped before the failure is told: a caller woken by it finds it so
    chain.fail(lost);
  }

  private void cancelled() {
    chain.cancelInFlight();
    listener.failed(
        new UploadCancelledException(
            "The upload of "
                + file
                + " was cancelled; its session is kept, so uploading it again resumes"));
  }
}
