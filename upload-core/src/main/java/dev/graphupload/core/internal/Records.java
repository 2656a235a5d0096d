package dev.graphupload.core.internal;

import dev.graphupload.core.FileOffset;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.store.RangeDigest;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionConflictException;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionRecords;
import dev.graphupload.core.store.SessionStoreException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a {@link Step.Record} step becomes a session record in the store. */
final class Records {

  private static final Logger LOG = LoggerFactory.getLogger(Records.class);

  private Records() {}

  /**
   * Writes what {@code entry} says. The first record of a session must be stored; after that a
   * store that fails (other than a conflict: another writer) costs nothing but a question to the
   * server on resume, so the upload goes on and a warning says so.
   *
   * @param ctx the uploader's configuration (store, clock, lifetimes)
   * @param rules the upload's rules
   * @param p where the upload stands
   * @param entry what to write
   * @param file the bytes, for digests
   * @return the record as the store now holds it (or as it would, if the store failed)
   */
  static SessionRecord write(
      UploadContext ctx, Rules rules, Progress p, Step.Entry entry, OpenSource file) {
    Instant now = ctx.clock().instant();
    if (entry instanceof Step.Entry.Fresh fresh) {
      SessionRecord previous = fresh.previous();
      return ctx.records()
          .save(
              new SessionRecord(
                  rules.key(),
                  rules.subject().key(),
                  rules.fingerprint(),
                  ctx.endpoint(),
                  ctx.appId(),
                  ctx.apiVersion(),
                  fresh.session(),
                  rules.subject().fileName(),
                  rules.length(),
                  rules.subject().fileType(),
                  new RecordState.InProgress(FileOffset.ZERO),
                  now,
                  now,
                  now.plus(ctx.sessionLifetime()),
                  previous == null ? 0 : previous.revision()));
    }
    SessionRecord stored = p.stored();
    List<RangeDigest> kept = rules.verifyContent() ? stored.state().digests() : List.of();
    SessionRecord next;
    if (entry instanceof Step.Entry.Completed completed) {
      List<RangeDigest> all = rules.verifyContent() ? file.digestsUpTo(kept, rules.length()) : kept;
      next =
          stored.withState(
              new RecordState.Completed(completed.handle(), now, all),
              now,
              completed.handle().expiresAt().orElse(now.plus(ctx.handleLifetime())));
    } else {
      List<RangeDigest> digests =
          entry instanceof Step.Entry.DigestsTo to ? file.digestsUpTo(kept, to.to()) : kept;
      if (entry instanceof Step.Entry.DigestsTo && digests.equals(kept)) {
        return stored; // nothing new to keep
      }
      next =
          stored.withState(
              new RecordState.InProgress(p.confirmed(), digests),
              now,
              now.plus(ctx.sessionLifetime()));
    }
    return save(ctx.records(), next, stored, rules);
  }

  /**
   * Saves {@code record}. A save that failed (a timeout, say) may still have been applied: the next
   * one then finds a newer revision. If that revision holds exactly what this upload last wrote
   * ({@code lastWritten}), it is this upload's own write, not another writer's: the save is made
   * again on top of it.
   */
  private static SessionRecord save(
      SessionRecords records, SessionRecord record, SessionRecord lastWritten, Rules rules) {
    try {
      return records.save(record);
    } catch (SessionConflictException e) {
      SessionRecord current = records.find(record.key()).orElseThrow(() -> e);
      if (current.revision() <= record.revision()
          || !current.withRevision(lastWritten.revision()).equals(lastWritten)) {
        throw e;
      }
      LOG.info("The earlier save of {} did arrive; saving on top of it", rules.subject().label());
      return save(records, record.withRevision(current.revision()), current, rules);
    } catch (SessionStoreException e) {
      LOG.warn(
          "Could not record the progress of {} ({}); the upload goes on",
          rules.subject().label(),
          e.getMessage());
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
