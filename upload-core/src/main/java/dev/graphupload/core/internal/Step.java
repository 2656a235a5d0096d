package dev.graphupload.core.internal;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.SessionRecord;
import java.time.Duration;

/**
 * What the {@link UploadMachine} asks the {@link UploadRun} to do next: the output of the pure
 * transition function. Each step but {@link Finish} and {@link Fail} ends in one {@link RunEvent}
 * that names the step it answers, so the machine never has to remember what it asked.
 */
sealed interface Step {

  /** Take the right to upload the file (the store's lock). Ends in a lock event. */
  record TakeLock() implements Step {}

  /** Look up the file's record. Ends in {@link RunEvent.RecordFound}. */
  record FindRecord() implements Step {}

  /**
   * Compare the file with the digests of the decision's record. Ends in {@link
   * RunEvent.ContentCompared}.
   */
  record CompareContent(ResumeDecision decision) implements Step {}

  /** A call to the server. Ends in {@link RunEvent.Answered}. */
  sealed interface Call extends Step {}

  /** Create a session, in place of {@code previous} (or of nothing). */
  record Create(SessionRecord previous) implements Call {}

  /** Send bytes {@code [from, from + bytes)}; an empty send asks for a lost handle. */
  record Send(SessionId session, FileOffset from, long bytes) implements Call {}

  /** Ask the server how far the session got, and why. */
  record AskOffset(SessionId session, Purpose purpose) implements Call {}

  /** Why the server's offset is asked. */
  sealed interface Purpose {
    /** A stored session, to go on from: its record and how far its content must be proven. */
    record Resume(SessionRecord record, ResumeDecision.Proof proof) implements Purpose {}

    /**
     * The last send left the offset in doubt. {@code counted}: the doubt was already charged to the
     * budget; if not, an answer that moved nothing on is charged then.
     */
    record Resync(boolean counted) implements Purpose {}

    /** The server returned {@code handle}: does it hold every byte? */
    record VerifyHandle(FileHandle handle) implements Purpose {}
  }

  /** Write the record, then go on with {@code then}. Ends in {@link RunEvent.Recorded}. */
  record Record(Entry entry, Step then) implements Step {}

  /** What a {@link Record} step writes. */
  sealed interface Entry {
    /** The record of a session just created, which must be stored before the first byte. */
    record Fresh(SessionId session, SessionRecord previous) implements Entry {}

    /** The confirmed offset, with the digests already kept. */
    record Confirmed() implements Entry {}

    /** Digests up to {@code to}, before bytes up to there are sent (when content is verified). */
    record DigestsTo(long to) implements Entry {}

    /** The handle: every byte arrived. */
    record Completed(FileHandle handle) implements Entry {}
  }

  /** Wait {@code delay}, then go on with {@code then}. Ends in {@link RunEvent.WaitOver}. */
  record Wait(Duration delay, Step then) implements Step {}

  /** End with a result. */
  record Finish(UploadResult result) implements Step {}

  /** End with a failure; whatever is in flight is stopped first. */
  record Fail(GraphUploadException failure) implements Step {}
}
