package dev.graphupload.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphError;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.HttpStatusException;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.TransportException;
import java.net.ConnectException;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Each row of the failure table, through its one entry point. */
class FailureRulesTest {

  private static final SessionId S = SessionId.of("upload:abc?sig=x");
  private static final Step.Call CREATE = new Step.Create(null);
  private static final Step.Call SEND = new Step.Send(S, FileOffset.ZERO, 10);
  private static final Step.Call ASK = new Step.AskOffset(S, new Step.Purpose.Resync(true));

  private static GraphApiException graph(int code, Integer subcode) {
    return new GraphApiException(
        "call",
        400,
        new GraphError(
            code,
            subcode == null ? OptionalInt.empty() : OptionalInt.of(subcode),
            "OAuthException",
            "refused",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()),
        null);
  }

  private static FailureKind kind(Step.Call call, GraphUploadException failure, boolean heard) {
    return FailureRules.of(call, failure, heard).kind();
  }

  @Test
  void aRefusedConnectionBeforeAnyAnswerIsFatalAndSaysNothingListens() {
    TransportException refused =
        new TransportException("Could not connect", new ConnectException("Connection refused"));

    FailureRules.Verdict verdict = FailureRules.of(ASK, refused, false);

    assertThat(verdict.kind()).isEqualTo(FailureKind.FATAL);
    assertThat(verdict.failure()).hasMessageContaining("Nothing listens there");
    assertThat(kind(ASK, refused, true)).isEqualTo(FailureKind.TRANSIENT);
  }

  @Test
  void codeHundredSubcodeThirtyThreeOnTheCreateCallIsAnUnknownAppNotAGoneSession() {
    assertThat(kind(CREATE, graph(100, 33), true)).isEqualTo(FailureKind.FATAL);
    assertThat(kind(ASK, graph(100, 33), true)).isEqualTo(FailureKind.OUT_OF_SYNC);
  }

  @Test
  void aSendRefusedForAReasonNotKnownToBeFinalIsSettledByTheServersOffset() {
    assertThat(kind(SEND, graph(6000, null), true)).isEqualTo(FailureKind.OUT_OF_SYNC);
    assertThat(kind(SEND, new HttpStatusException("send", 400, "<html>", null), true))
        .isEqualTo(FailureKind.OUT_OF_SYNC);
    assertThat(kind(SEND, new ProtocolException("unreadable"), true))
        .isEqualTo(FailureKind.OUT_OF_SYNC);
    assertThat(kind(ASK, graph(6000, null), true)).isEqualTo(FailureKind.FATAL);
  }

  @Test
  void aDefiniteRefusalOfASendStaysFatal() {
    assertThat(kind(SEND, graph(190, null), true)).isEqualTo(FailureKind.FATAL);
    assertThat(kind(SEND, graph(200, null), true)).isEqualTo(FailureKind.FATAL);
  }

  @Test
  void everyOtherFailureKeepsItsOwnKind() {
    assertThat(kind(SEND, graph(4, null), true)).isEqualTo(FailureKind.THROTTLED);
    assertThat(kind(CREATE, graph(2, null), true)).isEqualTo(FailureKind.TRANSIENT);
    assertThat(kind(ASK, new TransportException("cut", null), true))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureRules.outOfSync(new ProtocolException("x")).kind())
        .isEqualTo(FailureKind.OUT_OF_SYNC);
  }
}
