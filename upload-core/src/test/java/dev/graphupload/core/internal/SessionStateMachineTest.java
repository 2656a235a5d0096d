package dev.graphupload.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.FileHandle;
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
import org.junit.jupiter.api.Test;

class SessionStateMachineTest {

  private static final SessionId S = SessionId.of("upload:abc?sig=x");
  private static final FileHandle H = FileHandle.of("2:x:video/mp4:y");

  private static UploadState apply(UploadState state, UploadEvent... events) {
    for (UploadEvent event : events) {
      state = SessionStateMachine.apply(state, event);
    }
    return state;
  }

  private static FileOffset at(long n) {
    return FileOffset.of(n);
  }

  @Test
  void walksTheHappyPath() {
    UploadState state =
        apply(
            new NoSession(),
            new SessionCreated(S, 10),
            new ChunkStarted(4),
            new OffsetReported(at(4)),
            new ChunkStarted(6),
            new HandleReceived(H));

    assertThat(state).isEqualTo(new Done(S, H, 10));
  }

  @Test
  void becomesUnsureAfterAFailureAndReadyOnceTheServerSays() {
    UploadState sending = apply(new NoSession(), new SessionCreated(S, 10), new ChunkStarted(10));

    UploadState unsure = apply(sending, new RequestFailed());

    assertThat(unsure).isEqualTo(new Unsure(S, at(0), at(10), 10));
    assertThat(apply(unsure, new RequestFailed())).isEqualTo(unsure);
    assertThat(apply(unsure, new OffsetReported(at(7)))).isEqualTo(new Ready(S, at(7), 10));
    assertThat(apply(sending, new OffsetUnstated())).isEqualTo(unsure);
  }

  @Test
  void resumesAFoundSessionAtTheServersOffset() {
    assertThat(apply(new NoSession(), new SessionFound(S, at(3), at(8), 10)))
        .isEqualTo(new Ready(S, at(8), 10));
  }

  @Test
  void rejectsAnOffsetBehindWhatWasConfirmed() {
    UploadState unsure =
        apply(
            new NoSession(),
            new SessionFound(S, at(5), at(5), 10),
            new ChunkStarted(5),
            new RequestFailed());

    assertThatThrownBy(() -> apply(unsure, new OffsetReported(at(4))))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("backwards");
    assertThatThrownBy(() -> apply(new NoSession(), new SessionFound(S, at(5), at(4), 10)))
        .hasMessageContaining("backwards");
  }

  @Test
  void rejectsAnOffsetPastTheEndOrPastWhatWasSent() {
    UploadState sending = apply(new NoSession(), new SessionCreated(S, 10), new ChunkStarted(4));

    assertThatThrownBy(() -> apply(sending, new OffsetReported(at(5))))
        .hasMessageContaining("only bytes up to 4");
    assertThatThrownBy(() -> apply(apply(sending, new RequestFailed()), new OffsetReported(at(11))))
        .hasMessageContaining("for a file of 10 bytes");
    assertThatThrownBy(() -> apply(new NoSession(), new SessionFound(S, at(0), at(11), 10)))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void rejectsAHandleBeforeTheLastByteWasSent() {
    UploadState sending = apply(new NoSession(), new SessionCreated(S, 10), new ChunkStarted(4));

    assertThatThrownBy(() -> apply(sending, new HandleReceived(H)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("partial file");
  }

  @Test
  void anEmptyChunkIsOnlyForAFileTheServerHoldsWhole() {
    UploadState ready = apply(new NoSession(), new SessionCreated(S, 10));

    assertThatThrownBy(() -> apply(ready, new ChunkStarted(0)))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> apply(ready, new ChunkStarted(11)))
        .isInstanceOf(IllegalTransitionException.class);
    UploadState whole = apply(new NoSession(), new SessionFound(S, at(0), at(10), 10));
    assertThat(apply(whole, new ChunkStarted(0), new HandleReceived(H)))
        .isEqualTo(new Done(S, H, 10));
  }

  @Test
  void anIllegalTransitionIsAnErrorNotANoOp() {
    UploadState done = new Done(S, H, 10);

    assertThatThrownBy(() -> apply(done, new RequestFailed()))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("RequestFailed in state Done");
    assertThatThrownBy(() -> apply(new NoSession(), new ChunkStarted(1)))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> apply(new Ready(S, at(0), 10), new OffsetReported(at(1))))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> apply(new NoSession(), new SessionLost()))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void aLostSessionStartsOver() {
    assertThat(apply(new Ready(S, at(3), 10), new SessionLost())).isEqualTo(new NoSession());
    assertThat(apply(new Sending(S, at(3), at(5), 10), new SessionLost()))
        .isEqualTo(new NoSession());
    assertThat(apply(new Unsure(S, at(3), at(5), 10), new SessionLost()))
        .isEqualTo(new NoSession());
  }
}
