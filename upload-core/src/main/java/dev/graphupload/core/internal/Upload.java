package dev.graphupload.core.internal;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.RetriesExhaustedException;
import dev.graphupload.core.RetryDecision;
import dev.graphupload.core.ServerReplyException;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.SourceFile;
import dev.graphupload.core.TransportException;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.TransportFailures;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload in flight: what is fixed once its file has been checked, its one {@link Progress}
 * value, and what every step needs — ask the server's offset, take a confirmed offset, weigh a
 * failure. Touched only by steps of its {@link StepChain}.
 */
final class Upload {

  private static final Logger LOG = LoggerFactory.getLogger(Upload.class);

  final UploadContext ctx;
  final UploadListener listener;
  final StepChain chain;
  final SourceFile source;
  final UploadKey key;

  /** The file's identity when its upload began: checked before every request. */
  final java.util.Optional<String> identity;

  private final Instant startedAt;
  private final AtomicLong position = new AtomicLong();
  private final AtomicBoolean positionPosted = new AtomicBoolean();
  Progress progress = Progress.start();

  Upload(
      UploadContext ctx,
      UploadListener listener,
      StepChain chain,
      SourceFile source,
      java.util.Optional<String> identity) {
    this.ctx = ctx;
    this.listener = listener;
    this.chain = chain;
    this.source = source;
    this.key = UploadKey.of(ctx.endpoint(), ctx.appId(), source.path());
    this.identity = identity;
    this.startedAt = ctx.clock().instant();
  }

  long length() {
    return source.length();
  }

  /** Asks the server's offset: the truth after any failure. A failed call is retried. */
  void ask(SessionId session, Consumer<GraphApiException> ifGone, Consumer<FileOffset> then) {
    chain.call(
        ctx.transport(),
        ctx.wire().queryOffset(session),
        BodyProgress.NONE,
        response -> ctx.wire().readOffset(response, length()),
        reply -> {
          if (reply instanceof Reply.Offset o) {
            then.accept(o.offset());
          } else if (reply instanceof Reply.SessionGone gone) {
            ifGone.accept(gone.error());
          } else {
            retry(((Reply.Failed) reply).failure(), () -> ask(session, ifGone, then));
          }
        });
  }

  /**
   * The server confirmed the progress's offset, which was {@code before}: tell the listener, record
   * it, and refill the failure budget if it moved on.
   */
  void confirmed(FileOffset before) {
    if (before.isBefore(progress.confirmed())) {
      progress = progress.progressed();
    }
    listener.bytesConfirmed(progress.confirmed(), length());
    progress = Records.saveInProgress(ctx, progress, source.path());
  }

  /**
   * Weighs a failure of its own kind; see {@link #retry(GraphUploadException, FailureKind,
   * Runnable)}.
   */
  void retry(GraphUploadException failure, Runnable again) {
    retry(failure, failure.kind(), again);
  }

  /**
   * The one place a failure is weighed: it draws on the budget, and the retry policy decides
   * whether to run {@code again} (after its delay) or give up.
   */
  void retry(GraphUploadException failure, FailureKind kind, Runnable again) {
    if (!chain.heardFromServer() && TransportFailures.isConnectionRefused(failure)) {
      // Nothing has ever answered: a wrong endpoint or port, not a passing fault. Once the server
      // has answered, a refusal (a restart, say) is retried like any cut connection.
      failure =
          new TransportException(
              failure.getMessage() + ". Nothing listens there: check the endpoint's host and port",
              FailureKind.FATAL,
              failure);
      kind = FailureKind.FATAL;
    }
    Instant now = now();
    progress = progress.failed(now);
    Optional<Duration> hint =
        failure instanceof ServerReplyException e ? e.retryAfter() : Optional.empty();
    Duration failingFor = progress.failingFor(now);
    RetryDecision decision =
        ctx.retryPolicy()
            .decide(progress.failures(), failingFor, kind, hint, ctx.random().nextDouble());
    if (decision instanceof RetryDecision.GiveUp giveUp) {
      chain.fail(
          kind == FailureKind.FATAL
              ? failure
              : new RetriesExhaustedException(
                  giveUp.reason(), progress.failures(), failingFor, failure));
      return;
    }
    Duration delay = ((RetryDecision.Retry) decision).delay();
    LOG.info(
        "Retrying {} in {} ms (failure {} in a row): {}",
        source.path(),
        delay.toMillis(),
        progress.failures(),
        failure.getMessage());
    listener.retrying(failure, delay, progress.failures());
    if (delay.isZero()) {
      chain.post(again);
    } else {
      chain.after(ctx.scheduler().delay(delay), again);
    }
  }

  /** Transport threads report bytes written; the listener hears the latest, on the chain. */
  void bytesSent(long at) {
    position.set(at);
    if (positionPosted.compareAndSet(false, true)) {
      chain.post(
          () -> {
            positionPosted.set(false);
            listener.bytesSent(position.get(), length());
          });
    }
  }

  Instant now() {
    return ctx.clock().instant();
  }

  Duration elapsed() {
    Duration elapsed = Duration.between(startedAt, now());
    return elapsed.isNegative() ? Duration.ZERO : elapsed;
  }
}
