package dev.graphupload.core.internal;

import dev.graphupload.core.store.LockLoss;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.UploadLock;
import java.time.Duration;
import java.util.Optional;

/**
 * What happened to an upload: the input of the {@link UploadMachine}. Every event but {@link
 * Begin}, {@link LockLost} and {@link Cancelled} answers a {@link Step}.
 */
sealed interface RunEvent {

  /** The file passed its checks and is held open. */
  record Begin() implements RunEvent {}

  /** The lock was taken ({@code lock} is for the interpreter to hold; the machine ignores it). */
  record LockTaken(UploadLock lock) implements RunEvent {}

  /** Another upload holds the lock. */
  record LockBusy() implements RunEvent {}

  /** The lock was lost while held (a lease that lapsed). */
  record LockLost(LockLoss loss) implements RunEvent {}

  /** The store's record for the file, if any. */
  record RecordFound(Optional<SessionRecord> record) implements RunEvent {}

  /** The file was compared with the record's digests: the first difference, if any. */
  record ContentCompared(Step.CompareContent step, Optional<String> difference)
      implements RunEvent {}

  /**
   * A call ended.
   *
   * @param call the call
   * @param reply what the server answered, or the failure
   * @param written body bytes the transport wrote (sends only)
   * @param took how long the call took, on the monotonic ticker
   * @param responded whether the server answered at all (with any status)
   */
  record Answered(Step.Call call, Reply reply, long written, Duration took, boolean responded)
      implements RunEvent {}

  /** A record step ended; {@code saved} is the record as the store now holds it. */
  record Recorded(Step.Record step, SessionRecord saved) implements RunEvent {}

  /** A wait ended. */
  record WaitOver(Step.Wait step) implements RunEvent {}

  /** The caller cancelled the upload. */
  record Cancelled() implements RunEvent {}
}
