package dev.graphupload.core.internal;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.RestartReason;
import dev.graphupload.core.UploadSubject;
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
   * @param stored the store's record for the upload, if any
   * @param rules the upload's rules: its fingerprint now, its key, the handle lifetime, whether
   *     content is verified
   * @param at the time
   * @return where to start
   */
  static ResumeDecision of(Optional<SessionRecord> stored, Rules rules, Instant at) {
    if (stored.isEmpty()) {
      return new Create();
    }
    SessionRecord record = stored.get();
    if (!record.endpoint().equals(rules.endpoint())) {
      return new Restart(
          record,
          RestartReason.OTHER_ENDPOINT,
          "The stored record names another endpoint ("
              + record.endpoint()
              + ") than this uploader's ("
              + rules.endpoint()
              + "); it is not used, and that endpoint is not contacted");
    }
    if (rules.keyed()) {
      return keyed(record, rules, at);
    }
    Fingerprint now = rules.fingerprint().orElseThrow();
    if (record.fingerprint().isEmpty()) {
      return new Restart(
          record, RestartReason.FILE_CHANGED, "The record holds no fingerprint of the file");
    }
    boolean verifyContent = rules.verifyContent();
    Duration handleLifetime = rules.handleLifetime();
    Optional<String> change = record.fingerprint().get().changeSince(now);
    boolean hasDigests = !record.state().digests().isEmpty();
    Proof proof = verifyContent && hasDigests ? Proof.ASKED : Proof.NONE;
    if (change.isPresent()) {
      boolean onlyIdentity = record.fingerprint().get().differsOnlyInIdentity(now);
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
    return resumeOrReuse(record, proof, at, handleLifetime);
  }

  /**
   * The decision for an upload with a caller's key: the record is used only for the same bytes. The
   * cheap checks here (length, name, type); the digests of every byte the server holds are compared
   * before the record is used ({@link Proof#REQUIRED}).
   */
  private static ResumeDecision keyed(SessionRecord record, Rules rules, Instant at) {
    UploadSubject now = rules.subject();
    String differs =
        record.fileLength() != now.length()
            ? record.fileLength() + " bytes, now " + now.length()
            : !record.fileName().equals(now.fileName())
                ? "named '" + record.fileName() + "', now '" + now.fileName() + "'"
                : !record.fileType().equals(now.fileType())
                    ? "of type " + record.fileType() + ", now " + now.fileType()
                    : null;
    if (differs != null) {
      return new Restart(
          record,
          RestartReason.OTHER_CONTENT,
          "Other bytes than its session began with are given under the key '"
              + now.quotedKey().orElseThrow()
              + "' (they were "
              + differs
              + ")");
    }
    return resumeOrReuse(record, Proof.REQUIRED, at, rules.handleLifetime());
  }

  private static ResumeDecision resumeOrReuse(
      SessionRecord record, Proof proof, Instant at, Duration handleLifetime) {
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
