package dev.graphupload.core.internal;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.RestartReason;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where an upload starts, decided from what the store holds for the file: a pure function of the
 * stored record, the file's fingerprint now, and the time.
 */
sealed interface ResumeDecision {

  /** A handle is reused only if it stays valid at least this long. */
  Duration HANDLE_MARGIN = Duration.ofMinutes(5);

  /** Nothing is stored: create a session. */
  record Create() implements ResumeDecision {}

  /** How far the file's content must be proven against the record's digests first. */
  enum Proof {
    /** Not at all: the cheap checks hold, and content is not verified. */
    NONE,
    /** The digests kept are compared (content is verified); the cheap checks hold too. */
    ASKED,
    /**
     * Only the file's identity differs: the digests must prove every byte the server holds, or the
     * record is not used.
     */
    REQUIRED
  }

  /** The file was uploaded and its handle is still good: nothing to send. */
  record Reuse(SessionRecord record, FileHandle handle, Proof proof) implements ResumeDecision {}

  /** A session of this file is under way: ask the server where it stands and go on. */
  record Resume(SessionRecord record, Proof proof) implements ResumeDecision {}

  /** The stored session cannot be used: create another in place of {@code previous}. */
  record Restart(SessionRecord previous, RestartReason reason, String message)
      implements ResumeDecision {}

  /**
   * The decision.
   *
   * @param stored the store's record for the file, if any
   * @param now the file's fingerprint now
   * @param at the time
   * @param handleLifetime how long a handle without its own expiry lives
   * @param verifyContent whether the uploader verifies content (compares the digests kept)
   * @return where to start
   */
  static ResumeDecision of(
      Optional<SessionRecord> stored,
      Fingerprint now,
      Instant at,
      Duration handleLifetime,
      boolean verifyContent) {
    if (stored.isEmpty()) {
      return new Create();
    }
    SessionRecord record = stored.get();
    Optional<String> change = record.fingerprint().changeSince(now);
    boolean hasDigests = !record.state().digests().isEmpty();
    Proof proof = verifyContent && hasDigests ? Proof.ASKED : Proof.NONE;
    if (change.isPresent()) {
      boolean onlyIdentity = record.fingerprint().differsOnlyInIdentity(now);
      if (!onlyIdentity || !hasDigests) {
        return new Restart(
            record,
            RestartReason.FILE_CHANGED,
            "The file changed since its upload began ("
                + change.get()
                + (onlyIdentity
                    ? "; with content verification on, its content would be compared instead"
                    : "")
                + ")");
      }
      proof = Proof.REQUIRED;
    }
    if (record.state() instanceof RecordState.Completed done) {
      Instant expiry = done.handle().expiresAt().orElse(done.completedAt().plus(handleLifetime));
      if (at.plus(HANDLE_MARGIN).isBefore(expiry)) {
        return new Reuse(record, done.handle(), proof);
      }
      return new Restart(
          record, RestartReason.HANDLE_EXPIRED, "The handle stored for this file has expired");
    }
    return new Resume(record, proof);
  }
}
