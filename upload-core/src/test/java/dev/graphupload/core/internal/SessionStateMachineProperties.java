package dev.graphupload.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.SessionId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class SessionStateMachineProperties {

  private static final SessionId S = SessionId.of("upload:abc?sig=x");

  static Gen<UploadEvent> events() {
    return Generate.oneOf(
        longs()
            .between(0, 120)
            .map(n -> (UploadEvent) new UploadEvent.SessionCreated(S, Math.max(1, n))),
        longs().between(0, 120).map(n -> (UploadEvent) new UploadEvent.ChunkStarted(n)),
        longs()
            .between(0, 120)
            .map(n -> (UploadEvent) new UploadEvent.OffsetReported(FileOffset.of(n))),
        Generate.constant(new UploadEvent.OffsetUnstated()),
        Generate.constant(new UploadEvent.HandleReceived(FileHandle.of("2:h"))),
        Generate.constant(new UploadEvent.RequestFailed()),
        Generate.constant(new UploadEvent.SessionLost()));
  }

  private static long confirmed(UploadState state) {
    if (state instanceof UploadState.Ready r) {
      return r.confirmed().value();
    }
    if (state instanceof UploadState.Sending s) {
      return s.confirmed().value();
    }
    if (state instanceof UploadState.Unsure u) {
      return u.confirmed().value();
    }
    return -1;
  }

  private static long length(UploadState state) {
    if (state instanceof UploadState.Ready r) {
      return r.length();
    }
    if (state instanceof UploadState.Sending s) {
      return s.length();
    }
    if (state instanceof UploadState.Unsure u) {
      return u.length();
    }
    return Long.MAX_VALUE;
  }

  @Test
  void noSequenceOfEventsLeadsToAnOffsetThatFallsOrPassesTheLength() {
    qt().withExamples(2_000)
        .forAll(lists().of(events()).ofSizeBetween(0, 40), integers().between(0, 0))
        .checkAssert(
            (List<UploadEvent> events, Integer ignored) -> {
              UploadState state = new UploadState.NoSession();
              long lastConfirmed = -1;
              for (UploadEvent event : events) {
                UploadState next;
                try {
                  next = SessionStateMachine.apply(state, event);
                } catch (GraphUploadException rejected) {
                  continue; // refused: the state is unchanged, as the engine stops or ignores it
                }
                if (next instanceof UploadState.NoSession) {
                  lastConfirmed = -1;
                } else if (!(next instanceof UploadState.Done)) {
                  assertThat(confirmed(next))
                      .isGreaterThanOrEqualTo(lastConfirmed)
                      .isLessThanOrEqualTo(length(next));
                  lastConfirmed = confirmed(next);
                } else {
                  // a handle only for a send that carried the last byte, answered or confirmed
                  assertThat(state)
                      .isInstanceOfAny(UploadState.Sending.class, UploadState.Unsure.class);
                  long sentUpTo =
                      state instanceof UploadState.Sending sending
                          ? sending.sendingTo().value()
                          : ((UploadState.Unsure) state).sentUpTo().value();
                  assertThat(sentUpTo).isEqualTo(((UploadState.Done) next).length());
                }
                state = next;
              }
            });
  }
}
