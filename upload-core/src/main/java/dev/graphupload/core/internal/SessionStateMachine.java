package dev.graphupload.core.internal;

import dev.graphupload.core.FileOffset;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.internal.UploadEvent.ChunkStarted;
import dev.graphupload.core.internal.UploadEvent.HandleReceived;
import dev.graphupload.core.internal.UploadEvent.OffsetReported;
import dev.graphupload.core.internal.UploadEvent.OffsetUnstated;
import dev.graphupload.core.internal.UploadEvent.RequestFailed;
import dev.graphupload.core.internal.UploadEvent.SessionCreated;
import dev.graphupload.core.internal.UploadEvent.SessionFound;
import dev.graphupload.core.internal.UploadEvent.SessionLost;
import dev.graphupload.core.internal.UploadState.Done;
import dev.graphupload.core.internal.UploadState.NoSession;
import dev.graphupload.core.internal.UploadState.Ready;
import dev.graphupload.core.internal.UploadState.Sending;
import dev.graphupload.core.internal.UploadState.Unsure;

/**
 * The session state machine: a pure function from a state and an event to the next state.
 *
 * <pre>
 *   NoSession --SessionCreated/SessionFound--> Ready
 *   Ready     --ChunkStarted--> Sending
 *   Sending   --OffsetReported--> Ready      --HandleReceived (all bytes sent)--> Done
 *   Sending   --OffsetUnstated/RequestFailed--> Unsure
 *   Unsure    --OffsetReported--> Ready      --HandleReceived (all bytes sent)--> Done
 *   Ready|Sending|Unsure --SessionLost--> NoSession
 * </pre>
 *
 * <p>An event that cannot happen in a state is an {@link IllegalTransitionException}. A server
 * reply that contradicts what the client knows (an offset past what was sent, or going backwards, a
 * handle before the last byte was sent) is a {@link ProtocolException}.
 */
public final class SessionStateMachine {

  private SessionStateMachine() {}

  /**
   * The state after {@code event}.
   *
   * @param state the current state
   * @param event what happened
   * @return the next state
   * @throws IllegalTransitionException if the event cannot happen in this state
   * @throws ProtocolException if the event shows the server broke the protocol
   */
  public static UploadState apply(UploadState state, UploadEvent event) {
    if (state instanceof NoSession) {
      if (event instanceof SessionCreated e) {
        return new Ready(e.session(), FileOffset.ZERO, e.length());
      }
      if (event instanceof SessionFound e) {
        if (e.serverOffset().value() > e.length()) {
          throw pastEnd(e.serverOffset(), e.length());
        }
        if (e.serverOffset().isBefore(e.recorded())) {
          throw backwards(e.recorded(), e.serverOffset());
        }
        return new Ready(e.session(), e.serverOffset(), e.length());
      }
    } else if (state instanceof Ready s) {
      if (event instanceof ChunkStarted e) {
        long remaining = s.length() - s.confirmed().value();
        if (e.bytes() < 0 || e.bytes() > remaining || (e.bytes() == 0 && remaining > 0)) {
          throw new IllegalTransitionException(state, event);
        }
        return new Sending(s.session(), s.confirmed(), s.confirmed().plus(e.bytes()), s.length());
      }
      if (event instanceof SessionLost) {
        return new NoSession();
      }
    } else if (state instanceof Sending s) {
      if (event instanceof OffsetReported e) {
        checkReported(s.confirmed(), s.sendingTo(), e.offset());
        return new Ready(s.session(), e.offset(), s.length());
      }
      if (event instanceof HandleReceived e) {
        return done(s.session(), s.sendingTo(), s.length(), e);
      }
      if (event instanceof OffsetUnstated || event instanceof RequestFailed) {
        return new Unsure(s.session(), s.confirmed(), s.sendingTo(), s.length());
      }
      if (event instanceof SessionLost) {
        return new NoSession();
      }
    } else if (state instanceof Unsure s) {
      if (event instanceof OffsetReported e) {
        // Asked after a failure, the server may be ahead of what this run sent (another worker
        // uploaded the same file): only going backwards or past the end is a lie.
        if (e.offset().isBefore(s.confirmed())) {
          throw backwards(s.confirmed(), e.offset());
        }
        if (e.offset().value() > s.length()) {
          throw pastEnd(e.offset(), s.length());
        }
        return new Ready(s.session(), e.offset(), s.length());
      }
      if (event instanceof RequestFailed) {
        return s;
      }
      if (event instanceof HandleReceived e) {
        // the handle of the last send, once the server confirmed (or could not say) it holds all
        return done(s.session(), s.sentUpTo(), s.length(), e);
      }
      if (event instanceof SessionLost) {
        return new NoSession();
      }
    }
    throw new IllegalTransitionException(state, event);
  }

  private static Done done(SessionId session, FileOffset sentUpTo, long length, HandleReceived e) {
    if (sentUpTo.value() != length) {
      throw new ProtocolException(
          "The server returned a handle after bytes up to "
              + sentUpTo
              + " of "
              + length
              + " were sent; a handle for a partial file is not accepted");
    }
    return new Done(session, e.handle(), length);
  }

  private static void checkReported(FileOffset confirmed, FileOffset sentUpTo, FileOffset offset) {
    if (offset.isBefore(confirmed)) {
      throw backwards(confirmed, offset);
    }
    if (sentUpTo.isBefore(offset)) {
      throw new ProtocolException(
          "The server reports an offset of "
              + offset
              + " but only bytes up to "
              + sentUpTo
              + " were sent; it cannot be trusted with this upload");
    }
  }

  private static ProtocolException backwards(FileOffset before, FileOffset now) {
    return new ProtocolException(
        "The server's offset went backwards, from "
            + before
            + " to "
            + now
            + ": it lost bytes it had confirmed. Forget the stored session to start the upload"
            + " over");
  }

  private static ProtocolException pastEnd(FileOffset offset, long length) {
    return new ProtocolException(
        "The server claims an offset of " + offset + " for a file of " + length + " bytes");
  }
}
