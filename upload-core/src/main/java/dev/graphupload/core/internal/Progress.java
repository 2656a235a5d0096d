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
import java.time.Instant;

/**
 * Everything one upload knows as it goes, as one immutable value that each step replaces. The
 * confirmed offset lives once, in {@code state}; {@code stored} is the record as the store last
 * took it (kept for its revision, which the next save compares against).
 *
 * @param state where the session stands (changed only through the {@link SessionStateMachine})
 * @param stored the record last saved, or {@code null} before a session is created or found
 * @param outcome {@link Outcome#UPLOADED} for a session this run created, else {@link
 *     Outcome#RESUMED}
 * @param resumedFrom the server's offset when this run began sending
 * @param bytesSent body bytes written so far, re-sent ones included
 * @param failures failures since the server last confirmed more bytes
 * @param firstFailureAt when the first of those failures happened, or {@code null}
 * @param lastSample how the last send went, for the chunk policy, or {@code null}
 */
record Progress(
    UploadState state,
    SessionRecord stored,
    Outcome outcome,
    FileOffset resumedFrom,
    long bytesSent,
    int failures,
    Instant firstFailureAt,
    ChunkSample lastSample) {

  /** Before anything is known. */
  static Progress start() {
    return new Progress(new NoSession(), null, Outcome.UPLOADED, FileOffset.ZERO, 0, 0, null, null);
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

  /** A session this run created, recorded as {@code saved}. */
  Progress created(SessionRecord saved, long length) {
    UploadState fresh =
        SessionStateMachine.apply(
            new NoSession(), new UploadEvent.SessionCreated(saved.sessionId(), length));
    return new Progress(
        fresh, saved, Outcome.UPLOADED, FileOffset.ZERO, bytesSent, failures, firstFailureAt, null);
  }

  /** A stored session the server still holds, up to {@code serverOffset}. */
  Progress resumed(
      SessionRecord record, FileOffset recorded, FileOffset serverOffset, long length) {
    UploadState found =
        SessionStateMachine.apply(
            new NoSession(),
            new UploadEvent.SessionFound(record.sessionId(), recorded, serverOffset, length));
    return new Progress(
        found, record, Outcome.RESUMED, serverOffset, bytesSent, failures, firstFailureAt, null);
  }

  Progress withState(UploadState next) {
    return new Progress(
        next, stored, outcome, resumedFrom, bytesSent, failures, firstFailureAt, lastSample);
  }

  Progress withStored(SessionRecord record) {
    return new Progress(
        state, record, outcome, resumedFrom, bytesSent, failures, firstFailureAt, lastSample);
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
        firstFailureAt,
        new ChunkSample(chunk, took, accepted));
  }

  /** One more failure since the last progress. */
  Progress failed(Instant now) {
    return new Progress(
        state,
        stored,
        outcome,
        resumedFrom,
        bytesSent,
        failures + 1,
        firstFailureAt == null ? now : firstFailureAt,
        lastSample);
  }

  /** The server confirmed more bytes: the failure budget is whole again. */
  Progress progressed() {
    return new Progress(state, stored, outcome, resumedFrom, bytesSent, 0, null, lastSample);
  }

  /** How long the current run of failures has lasted. */
  Duration failingFor(Instant now) {
    return firstFailureAt == null ? Duration.ZERO : Duration.between(firstFailureAt, now);
  }
}
