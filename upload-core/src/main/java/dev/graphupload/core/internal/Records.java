package dev.graphupload.core.internal;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.SourceFile;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionConflictException;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStoreException;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How an upload's progress becomes a session record in the store. */
final class Records {

  private static final Logger LOG = LoggerFactory.getLogger(Records.class);

  private Records() {}

  /** The record of a session just created, in place of {@code previous} (or of nothing). */
  static SessionRecord fresh(
      UploadContext ctx,
      UploadKey key,
      Fingerprint fingerprint,
      SourceFile source,
      SessionId session,
      SessionRecord previous) {
    Instant now = ctx.clock().instant();
    return new SessionRecord(
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
  }

  /**
   * Records the confirmed offset. A store that fails (other than a conflict: another writer) costs
   * nothing but a question to the server on resume, so the upload goes on and a warning says so.
   */
  static Progress saveInProgress(
      UploadContext ctx,
      Progress progress,
      Path file,
      java.util.List<dev.graphupload.core.store.RangeDigest> digests) {
    Instant at = ctx.clock().instant();
    SessionRecord updated =
        progress
            .stored()
            .withState(
                new RecordState.InProgress(progress.confirmed(), digests),
                at,
                at.plus(ctx.sessionLifetime()));
    return progress.withStored(save(ctx, updated, progress.stored(), file, "progress"));
  }

  /** Records the handle; a failing store is warned about, as every byte arrived. */
  static Progress saveCompleted(
      UploadContext ctx,
      Progress progress,
      FileHandle handle,
      Path file,
      java.util.List<dev.graphupload.core.store.RangeDigest> digests) {
    Instant now = ctx.clock().instant();
    Instant expires = handle.expiresAt().orElse(now.plus(ctx.handleLifetime()));
    SessionRecord done =
        progress.stored().withState(new RecordState.Completed(handle, now, digests), now, expires);
    return progress.withStored(save(ctx, done, progress.stored(), file, "the handle"));
  }

  /**
   * Saves {@code record}. A save that failed (a timeout, say) may still have been applied: the next
   * one then finds a newer revision. If that revision holds exactly what this upload last wrote
   * ({@code lastWritten}), it is this upload's own write, not another writer's: the save is made
   * again on top of it.
   */
  private static SessionRecord save(
      UploadContext ctx, SessionRecord record, SessionRecord lastWritten, Path file, String what) {
    try {
      return ctx.store().save(record);
    } catch (SessionConflictException e) {
      SessionRecord current = ctx.store().find(record.key()).orElseThrow(() -> e);
      if (current.revision() <= record.revision()
          || !current.withRevision(lastWritten.revision()).equals(lastWritten)) {
        throw e;
      }
      LOG.info("The earlier save of {} did arrive; saving on top of it", file);
      return save(ctx, record.withRevision(current.revision()), current, file, what);
    } catch (SessionStoreException e) {
      LOG.warn("Could not record {} of {} ({}); the upload goes on", what, file, e.getMessage());
      return record;
    }
  }

  /** A handle for a file of which the server holds fewer bytes than its length. */
  static ProtocolException partialHandle(FileOffset held, long length) {
    return new ProtocolException(
        "The server returned a handle but holds only "
            + held
            + " of "
            + length
            + " bytes; the upload goes on from there");
  }
}
