package dev.graphupload.core.internal;

import dev.graphupload.core.ChunkSample;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.UploadResult.Outcome;
import dev.graphupload.core.internal.UploadState.Done;
import dev.graphupload.core.internal.UploadState.NoSession;
import dev.graphupload.core.internal.UploadState.Ready;
import dev.graphupload.core.internal.UploadState.Sending;
import dev.graphupload.core.internal.UploadState.Unsure;
import dev.graphupload.core.store.SessionRecord;
import java.time.Duration;

/**
 * Everything one upload knows as it goes, as one immutable value that each event replaces: the one
 * place an upload's state lives. The confirmed offset lives once, in {@code state}; {@code stored}
 * is the record as the store last took it (kept for its revision, which the next save compares
 * against). Times are readings of the monotonic ticker.
 *
 * @param state where the session stands (changed only through the {@link SessionStateMachine})
 * @param stored the record last saved, or {@code null} before a session is created or found
 * @param outcome {@link Outcome#UPLOADED} for a session this run created, else {@link
 *     Outcome#RESUMED}
 * @param resumedFrom the server's offset when this run began sending
 * @param bytesSent body bytes written so far, re-sent ones included
 * @param failures failures since the server last confirmed more bytes
 * @param failingSince the ticker's reading at the first of those failures (when {@code failures >
 *     0})
 * @param lastSample how the last send went, for the chunk policy, or {@code null}
 * @param heardFromServer whether any call of this upload got an answer from the server
 * @param startedAt the ticker's reading when the upload began
 */
record Progress(
    UploadState state,
    SessionRecord stored,
    Outcome outcome,
    FileOffset resumedFrom,
    long bytesSent,
    int failures,
    long failingSince,
    ChunkSample lastSample,
    boolean heardFromServer,
    long startedAt) {

  /** Before anything is known, at the ticker's reading {@code ticks}. */
  static Progress start(long ticks) {
    return new Progress(
        new NoSession(), null, Outcome.UPLOADED, FileOffset.ZERO, 0, 0, 0, null, false, ticks);
  }

  /** The offset the server last confirmed, in any state with a session. */
  FileOffset confirmed() {
    if (state instanceof Ready s) {
      return s.confirmed();
    } else if (state instanceof Sending s) {
      return s.confirmed();
    } else if (state instanceof Unsure s) {
      return s.confirmed();
    } else if (state instanceof Done s) {
      return FileOffset.of(s.length());
    }
    return FileOffset.ZERO;
  }

  /** The session in use. */
  SessionId session() {
    if (state instanceof Ready s) {
      return s.session();
    } else if (state instanceof Sending s) {
      return s.session();
    } else if (state instanceof Unsure s) {
      return s.session();
    } else if (state instanceof Done s) {
      return s.session();
    }
    throw new IllegalStateException("No session yet");
  }

  /** The state after {@code event}; throws as {@link SessionStateMachine#apply} does. */
  Progress on(UploadEvent event) {
    return withState(SessionStateMachine.apply(state, event));
  }

  /** A session this run created, not yet recorded. */
  Progress created(SessionId session, long length) {
    UploadState fresh =
        SessionStateMachine.apply(new NoSession(), new UploadEvent.SessionCreated(session, length));
    return new Progress(
        fresh,
        stored,
        Outcome.UPLOADED,
        FileOffset.ZERO,
        bytesSent,
        failures,
        failingSince,
        null,
        heardFromServer,
        startedAt);
  }

  /** A stored session the server still holds, up to {@code serverOffset}. */
  Progress resumed(
      SessionRecord record, FileOffset recorded, FileOffset serverOffset, long length) {
    UploadState found =
        SessionStateMachine.apply(
            new NoSession(),
            new UploadEvent.SessionFound(record.sessionId(), recorded, serverOffset, length));
    return new Progress(
        found,
        record,
        Outcome.RESUMED,
        serverOffset,
        bytesSent,
        failures,
        failingSince,
        null,
        heardFromServer,
        startedAt);
  }

  Progress withState(UploadState next) {
    return new Progress(
        next,
        stored,
        outcome,
        resumedFrom,
        bytesSent,
        failures,
        failingSince,
        lastSample,
        heardFromServer,
        startedAt);
  }

  Progress withStored(SessionRecord record) {
    return new Progress(
        state,
        record,
        outcome,
        resumedFrom,
        bytesSent,
        failures,
        failingSince,
        lastSample,
        heardFromServer,
        startedAt);
  }

  /** The server answered a call (with any status). */
  Progress heard() {
    return heardFromServer
        ? this
        : new Progress(
            state,
            stored,
            outcome,
            resumedFrom,
            bytesSent,
            failures,
            failingSince,
            lastSample,
            true,
            startedAt);
  }

  /** A send of {@code chunk} bytes ended after {@code written} of them left, in {@code took}. */
  Progress sent(long chunk, long written, Duration took, boolean accepted) {
    return new Progress(
        state,
        stored,
        outcome,
        resumedFrom,
        bytesSent + written,
        failures,
        failingSince,
        new ChunkSample(chunk, took, accepted),
        heardFromServer,
        startedAt);
  }

  /** One more failure since the last progress, at the ticker's reading {@code ticks}. */
  Progress failed(long ticks) {
    return new Progress(
        state,
        stored,
        outcome,
        resumedFrom,
        bytesSent,
        failures + 1,
        failures == 0 ? ticks : failingSince,
        lastSample,
        heardFromServer,
        startedAt);
  }

  /** The server confirmed more bytes: the failure budget is whole again. */
  Progress progressed() {
    return new Progress(
        state,
        stored,
        outcome,
        resumedFrom,
        bytesSent,
        0,
        0,
        lastSample,
        heardFromServer,
        startedAt);
  }

  /** How long the current run of failures has lasted at the ticker's reading {@code ticks}. */
  Duration failingFor(long ticks) {
    return failures == 0 ? Duration.ZERO : Duration.ofNanos(Math.max(0, ticks - failingSince));
  }

  /** How long the upload has run at the ticker's reading {@code ticks}. */
  Duration elapsed(long ticks) {
    return Duration.ofNanos(Math.max(0, ticks - startedAt));
  }
}
