package dev.graphupload.core.internal;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.ServerReplyException;
import dev.graphupload.core.internal.UploadEvent.ChunkStarted;
import dev.graphupload.core.internal.UploadEvent.HandleReceived;
import dev.graphupload.core.internal.UploadEvent.OffsetReported;
import dev.graphupload.core.internal.UploadEvent.OffsetUnstated;
import dev.graphupload.core.internal.UploadEvent.RequestFailed;
import dev.graphupload.core.store.UploadLock;
import dev.graphupload.core.transport.BodyProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the file from the server's offset until the server returns a handle and confirms it holds
 * every byte. Every answer of the server is a {@link Reply} handled in {@link #sent}; whatever
 * leaves the offset in doubt is settled by asking the server.
 */
final class SendLoop {

  private static final Logger LOG = LoggerFactory.getLogger(SendLoop.class);

  private final Upload up;
  private final Consumer<GraphApiException> sessionLost;
  private final Consumer<FileHandle> finish;
  private final Runnable lockLost;

  /**
   * A loop for {@code up}.
   *
   * @param up the upload
   * @param sessionLost what to do when the server no longer knows the session
   * @param finish what to do with a handle the server stands behind
   * @param lockLost what to do when the upload's lock is found lost
   */
  SendLoop(
      Upload up,
      Consumer<GraphApiException> sessionLost,
      Consumer<FileHandle> finish,
      Runnable lockLost) {
    this.up = up;
    this.sessionLost = sessionLost;
    this.finish = finish;
    this.lockLost = lockLost;
  }

  /** Sends the next chunk from the confirmed offset (an empty one asks for a lost handle). */
  void sendNext() {
    UploadLock held = up.chain.lock();
    if (held != null && !held.isHeld()) {
      lockLost.run();
      return;
    }
    up.checkUnchanged();
    long length = up.length();
    long from = up.progress.confirmed().value();
    long remaining = length - from;
    long chunk;
    if (remaining == 0) {
      chunk = 0; // every byte arrived but the handle was lost: an empty request asks for it
    } else if (up.progress.lastSample() == null) {
      chunk = up.ctx.chunkPolicy().firstChunkSize(remaining);
    } else {
      chunk = up.ctx.chunkPolicy().nextChunkSize(remaining, up.progress.lastSample());
    }
    up.digestBeforeSending(from + chunk);
    up.progress = up.progress.on(new ChunkStarted(chunk));
    Instant began = up.now();
    AtomicLong written = new AtomicLong();
    LOG.debug(
        "Sending bytes {}..{} of {} to {}", from, from + chunk, length, up.progress.session());
    BodyProgress onWrite =
        total -> {
          if (total > written.getAndAccumulate(total, Math::max)) {
            up.bytesSent(from + total);
          }
        };
    up.chain.call(
        up.ctx.transport(),
        up.ctx
            .wire()
            .sendBytes(
                up.progress.session(), up.source.path(), up.file(), FileOffset.of(from), chunk),
        onWrite,
        response -> up.ctx.wire().readSent(response, length),
        reply -> sent(reply, chunk, written.get(), Duration.between(began, up.now())));
  }

  private void sent(Reply reply, long chunk, long written, Duration took) {
    boolean taken =
        reply instanceof Reply.Offset
            || reply instanceof Reply.Completed
            || reply instanceof Reply.Unstated;
    up.progress = up.progress.sent(chunk, written, took, taken);
    if (reply instanceof Reply.Offset accepted) {
      FileOffset before = up.progress.confirmed();
      up.progress = up.progress.on(new OffsetReported(accepted.offset()));
      up.confirmed(before);
      sendNext();
    } else if (reply instanceof Reply.Completed completed) {
      confirmHandle(completed.handle(), written >= chunk);
    } else if (reply instanceof Reply.Unstated) {
      up.progress = up.progress.on(new OffsetUnstated());
      resync(false);
    } else if (reply instanceof Reply.SessionGone gone) {
      sessionLost.accept(gone.error());
    } else if (reply instanceof Reply.OffsetMismatch mismatch) {
      up.progress = up.progress.on(new RequestFailed());
      LOG.info(
          "The server's offset differs from ours{}; asking it where it stands",
          mismatch.serverSays().map(o -> " (it says " + o + ")").orElse(""));
      up.retry(mismatch.error(), FailureKind.OUT_OF_SYNC, () -> resync(true));
    } else if (reply instanceof Reply.Unclear unclear) {
      up.progress = up.progress.on(new RequestFailed());
      up.retry(unclear.why(), FailureKind.OUT_OF_SYNC, () -> resync(true));
    } else {
      up.progress = up.progress.on(new RequestFailed());
      up.retry(((Reply.Failed) reply).failure(), () -> resync(true));
    }
  }

  /**
   * Asks the server how far it got and sends the rest. A success that said not how far and moved
   * nothing on counts once against the budget, so a server that accepts and keeps nothing ends.
   */
  private void resync(boolean alreadyCounted) {
    FileOffset before = up.progress.confirmed();
    up.ask(
        up.progress.session(),
        sessionLost,
        offset -> {
          up.progress = up.progress.on(new OffsetReported(offset));
          up.confirmed(before);
          if (alreadyCounted || before.isBefore(offset)) {
            sendNext();
          } else {
            up.retry(
                new ProtocolException(
                    "The server accepted bytes but holds no more than before (" + offset + ")"),
                FailureKind.OUT_OF_SYNC,
                this::sendNext);
          }
        });
  }

  /**
   * A handle is success only when the server says it holds every byte: asked by default, and always
   * when the transport had not finished writing the body when the handle came.
   */
  private void confirmHandle(FileHandle handle, boolean bodyWritten) {
    up.progress.on(new HandleReceived(handle)); // throws for a handle before the last byte was sent
    up.progress = up.progress.on(new OffsetUnstated());
    if (bodyWritten && !up.ctx.verifyHandles()) {
      finish.accept(handle);
      return;
    }
    askForEveryByte(handle);
  }

  private void askForEveryByte(FileHandle handle) {
    up.chain.call(
        up.ctx.transport(),
        up.ctx.wire().queryOffset(up.progress.session()),
        BodyProgress.NONE,
        response -> up.ctx.wire().readOffset(response, up.length()),
        reply -> {
          if (reply instanceof Reply.Offset o && o.offset().value() == up.length()) {
            finish.accept(handle);
          } else if (reply instanceof Reply.Offset o) {
            FileOffset before = up.progress.confirmed();
            up.progress = up.progress.on(new OffsetReported(o.offset()));
            up.confirmed(before);
            ProtocolException partial = Records.partialHandle(o.offset(), up.length());
            LOG.warn("{}: {}", up.source.path(), partial.getMessage());
            up.retry(partial, FailureKind.OUT_OF_SYNC, this::sendNext);
          } else if (reply instanceof Reply.SessionGone gone) {
            unverified(handle, gone.error());
          } else if (((Reply.Failed) reply).failure() instanceof ServerReplyException refused
              && !refused.isRetryable()) {
            unverified(handle, refused);
          } else {
            up.retry(((Reply.Failed) reply).failure(), () -> askForEveryByte(handle));
          }
        });
  }

  private void unverified(FileHandle handle, GraphUploadException refusal) {
    LOG.warn(
        "The server returned a handle for {} but refused to say whether it holds every byte ({});"
            + " the handle is accepted unchecked",
        up.source.path(),
        refusal.getMessage());
    up.listener.handleUnverified(handle, refusal.getMessage());
    finish.accept(handle);
  }
}
