package dev.graphupload.core.internal;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.InvalidFileException;
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
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
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
  private volatile FileChannel open;
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
    progress = Records.saveInProgress(ctx, progress, source.path(), recordedDigests());
  }

  /**
   * Before a request sends bytes up to {@code to}: when content is verified, records their digests
   * first, so that whatever part of them the server keeps, a later run can compare it.
   */
  void digestBeforeSending(long to) {
    if (!ctx.verifyContent() || progress.stored() == null) {
      return;
    }
    java.util.List<dev.graphupload.core.store.RangeDigest> have =
        progress.stored().state().digests();
    java.util.List<dev.graphupload.core.store.RangeDigest> now = digestsUpTo(to);
    if (!now.equals(have)) {
      progress = Records.saveInProgress(ctx, progress, source.path(), now);
    }
  }

  /** The digests the record holds, kept when content is verified (none otherwise). */
  private java.util.List<dev.graphupload.core.store.RangeDigest> recordedDigests() {
    return ctx.verifyContent() && progress.stored() != null
        ? progress.stored().state().digests()
        : java.util.List.of();
  }

  /**
   * The record's digests extended to cover bytes 0 to {@code offset} when content is verified (none
   * otherwise), reading the file held open.
   */
  java.util.List<dev.graphupload.core.store.RangeDigest> digestsUpTo(long offset) {
    if (!ctx.verifyContent()) {
      return java.util.List.of();
    }
    try {
      return ContentDigests.upTo(recordedDigests(), offset, length(), file());
    } catch (java.io.UncheckedIOException e) {
      throw new InvalidFileException(
          source.path(), "it cannot be read: " + e.getCause().getMessage(), e);
    }
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

  /**
   * The file, held open from the start of the upload to its end so that every byte sent comes from
   * the file the upload began with. Reopened only if something closed it (a read interrupted on a
   * transport's thread closes a channel) and the path still names the same file.
   */
  FileChannel file() {
    FileChannel held = open;
    if (held != null && held.isOpen()) {
      return held;
    }
    FileChannel reopened;
    try {
      reopened = FileChannel.open(source.path(), StandardOpenOption.READ);
    } catch (IOException e) {
      throw new InvalidFileException(source.path(), "it cannot be read: " + e.getMessage(), e);
    }
    if (held != null && !Fingerprint.identityOf(source.path()).equals(identity)) {
      closeQuietly(reopened);
      throw changedDuringUpload();
    }
    open = reopened;
    return reopened;
  }

  /** Lets go of the file: the upload has ended. */
  void closeFile() {
    FileChannel held = open;
    open = null;
    if (held != null) {
      closeQuietly(held);
    }
  }

  /**
   * Checks that the file is as it was when the upload began (size, modification time, identity):
   * before every request and after the last.
   *
   * @throws InvalidFileException if it is not
   */
  void checkUnchanged() {
    if (!source.isUnchangedOnDisk() || !Fingerprint.identityOf(source.path()).equals(identity)) {
      throw changedDuringUpload();
    }
  }

  private InvalidFileException changedDuringUpload() {
    return new InvalidFileException(
        source.path(),
        "it changed while it was being uploaded (it was written to or replaced), so the server's"
            + " copy may mix old and new bytes; run the upload again to send it anew");
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // only read from
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
