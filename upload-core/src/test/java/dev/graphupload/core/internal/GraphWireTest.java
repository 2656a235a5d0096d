package dev.graphupload.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.FailureKind;
import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.FileType;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.HttpStatusException;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.UploadSubject;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GraphWireTest {

  private static final String TOKEN = "EAAGwiretestsecret";
  private final GraphWire wire =
      new GraphWire(
          URI.create("https://graph.facebook.com/"),
          ApiVersion.DEFAULT,
          AccessToken.of(TOKEN),
          Duration.ofSeconds(30),
          1024,
          Duration.ofSeconds(20));
  private final SessionId session = SessionId.of("upload:MTphdHRhY2htZW50?sig=ARZqN3Ez");

  private static TransportResponse reply(int status, String body, String... headers) {
    Map<String, List<String>> map = new HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], List.of(headers[i + 1]));
    }
    return new TransportResponse(status, map, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void createsASessionWithEncodedParametersAndTheTokenInTheHeader() {
    UploadSubject file =
        new UploadSubject(
            "/tmp/my clip&é.mp4",
            "my clip&é.mp4",
            FileType.MP4,
            12345,
            Optional.empty(),
            Optional.of(Path.of("/tmp/my clip&é.mp4")));

    TransportRequest request = wire.createSession(AppId.of("42"), file);

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri().toString())
        .isEqualTo(
            "https://graph.facebook.com/v24.0/42/uploads?file_name=my%20clip%26%C3%A9.mp4&file_length=12345&file_type=video%2Fmp4");
    assertThat(request.headers()).containsExactly(Map.entry("Authorization", "OAuth " + TOKEN));
    assertThat(request.uri().toString()).doesNotContain(TOKEN);
    assertThat(request.toString()).doesNotContain(TOKEN);
  }

  @Test
  void sendsBytesToTheVerbatimSessionUrlWithAnUnderscoredOffsetHeader() {
    TransportRequest request =
        wire.sendBytes(
            session,
            FileOffset.of(100),
            new RequestBody.FileRegion(Path.of("/data/f.mp4"), 100, 900));

    assertThat(request.uri().toString())
        .isEqualTo("https://graph.facebook.com/v24.0/upload:MTphdHRhY2htZW50?sig=ARZqN3Ez");
    assertThat(request.uri().getRawQuery()).isEqualTo("sig=ARZqN3Ez");
    assertThat(request.headers())
        .containsEntry("file_offset", "100")
        .containsEntry("Authorization", "OAuth " + TOKEN);
    assertThat(request.body())
        .isEqualTo(new RequestBody.FileRegion(Path.of("/data/f.mp4"), 100, 900));
    assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void givesALargeSendTimeForItsBytesAtTheMinimumRate() {
    TransportRequest request =
        wire.sendBytes(
            session,
            FileOffset.ZERO,
            new RequestBody.FileRegion(Path.of("/f.mp4"), 0, 1024L * 600));

    assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(630));
    assertThat(request.idleTimeout())
        .as("however long the body, a request that stops moving ends after the idle timeout")
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(wire.queryOffset(session).idleTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void asksForTheOffsetWithAGet() {
    TransportRequest request = wire.queryOffset(session);

    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.body().length()).isZero();
    assertThat(request.uri().toString()).endsWith("/v24.0/upload:MTphdHRhY2htZW50?sig=ARZqN3Ez");
  }

  @Test
  void readsTheThreeRepliesAndToleratesUnknownFields() {
    assertThat(wire.readCreated(reply(200, "{\"id\":\"upload:abc?sig=x\",\"extra\":[1]}")))
        .isEqualTo(new Reply.Created(SessionId.of("upload:abc?sig=x")));
    assertThat(wire.readSent(reply(200, "{\"h\":\"2:abc:video/mp4:x:e:1:y\",\"debug\":{}}"), 10))
        .isEqualTo(new Reply.Completed(FileHandle.of("2:abc:video/mp4:x:e:1:y")));
    assertThat(wire.readOffset(reply(200, "{\"id\":\"upload:abc\",\"file_offset\":7}"), 10))
        .isEqualTo(new Reply.Offset(FileOffset.of(7)));
    assertThat(wire.readOffset(reply(200, "{\"file_offset\":\"7\"}"), 10))
        .isEqualTo(new Reply.Offset(FileOffset.of(7)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{\"success\":true}", "{}", "{\"id\":\"upload:abc\"}"})
  void aSuccessThatSaysNotHowFarIsUnstated(String body) {
    assertThat(wire.readSent(reply(200, body), 10)).isEqualTo(new Reply.Unstated());
  }

  @Test
  void readsEveryReplyToAPartialChunk() {
    assertThat(wire.readSent(reply(200, "{\"id\":\"upload:abc\",\"file_offset\":4}"), 10))
        .isEqualTo(new Reply.Offset(FileOffset.of(4)));
    assertThat(wire.readSent(reply(206, "{\"error\":{\"code\":100,\"message\":\"partial\"}}"), 10))
        .isEqualTo(new Reply.Unstated());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"error\":{\"code\":100,\"error_subcode\":1363037,\"message\":\"mismatch\"}}",
        "{\"error\":{\"code\":6001,\"error_subcode\":1363037,\"message\":\"mismatch\"}}",
        "{\"error\":{\"code\":6001,\"error_subcode\":1363037,\"message\":\"mismatch\","
            + "\"error_data\":{\"start_offset\":\"6\",\"end_offset\":\"10\"}}}",
        "{\"error\":{\"code\":6001,\"error_subcode\":1363037,\"message\":\"mismatch\","
            + "\"error_data\":\"{\\\"start_offset\\\":6,\\\"end_offset\\\":10}\"}}"
      })
  void readsAnOffsetMismatchInEverySpelling(String body) {
    Reply reply = wire.readSent(reply(400, body), 10);

    assertThat(reply)
        .isInstanceOfSatisfying(
            Reply.Failed.class,
            f -> {
              assertThat(f.failure()).isInstanceOf(GraphApiException.class);
              assertThat(((GraphApiException) f.failure()).error().isOffsetMismatch()).isTrue();
              assertThat(f.failure().kind()).isEqualTo(FailureKind.OUT_OF_SYNC);
            });
  }

  @Test
  void aRefusedSendIsAFailureForTheRulesToWeighUnlessTheSessionIsGone() {
    String unknown = "{\"error\":{\"code\":6000,\"message\":\"There was a problem\"}}";
    String token = "{\"error\":{\"code\":190,\"message\":\"Invalid OAuth access token\"}}";
    String transientError = "{\"error\":{\"code\":2,\"message\":\"Service unavailable\"}}";

    assertThat(wire.readSent(reply(400, unknown), 10)).isInstanceOf(Reply.Failed.class);
    assertThat(wire.readSent(reply(400, "<html>Bad request</html>"), 10))
        .isInstanceOf(Reply.Failed.class);
    assertThat(wire.readSent(reply(200, "<html>"), 10))
        .isInstanceOfSatisfying(
            Reply.Failed.class, f -> assertThat(f.failure()).isInstanceOf(ProtocolException.class));
    assertThat(wire.readSent(reply(401, token), 10))
        .isInstanceOfSatisfying(
            Reply.Failed.class, f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.FATAL));
    assertThat(wire.readSent(reply(500, transientError), 10))
        .isInstanceOfSatisfying(
            Reply.Failed.class,
            f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.TRANSIENT));
    assertThat(
            wire.readSent(
                reply(400, "{\"error\":{\"code\":100,\"error_subcode\":33,\"message\":\"x\"}}"),
                10))
        .isInstanceOf(Reply.SessionGone.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"<html>", "[]", "{}", "{\"id\":5}", "{\"id\":\"nope\"}", "null"})
  void aMalformedCreateReplyIsAProtocolError(String body) {
    assertThatThrownBy(() -> wire.readCreated(reply(200, body)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("create an upload session");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"file_offset\":-1}",
        "{\"file_offset\":11}",
        "{\"file_offset\":1.5}",
        "{\"file_offset\":null}",
        "{}",
        "x"
      })
  void aBadOffsetIsAProtocolError(String body) {
    assertThatThrownBy(() -> wire.readOffset(reply(200, body), 10))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void aSendReplyThatCannotBeUnderstoodIsAFailedReplyNotAThrow() {
    assertThat(wire.readSent(reply(200, "{\"h\":42}"), 10))
        .isInstanceOfSatisfying(
            Reply.Failed.class, f -> assertThat(f.failure()).hasMessageContaining("not a string"));
    assertThatThrownBy(() -> wire.readSent(reply(200, "{\"file_offset\":11}"), 10))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("offset of 11 for a file of 10 bytes");
  }

  @Test
  void decodesGraphsErrorEnvelope() {
    TransportResponse response =
        reply(
            400,
            "{\"error\":{\"message\":\"Error validating access token\",\"type\":\"OAuthException\",\"code\":190,"
                + "\"error_subcode\":463,\"error_user_title\":\"Expired\",\"error_user_msg\":\"Log in again\","
                + "\"fbtrace_id\":\"AxYz\",\"is_transient\":false,\"unknown\":1}}",
            "WWW-Authenticate",
            "OAuth \"Facebook Platform\" \"invalid_token\"");

    GraphApiException e = (GraphApiException) wire.failure("report the session's offset", response);

    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.code()).isEqualTo(190);
    assertThat(e.error().subcode()).isEqualTo(OptionalInt.of(463));
    assertThat(e.error().type()).isEqualTo("OAuthException");
    assertThat(e.error().userTitle()).contains("Expired");
    assertThat(e.error().userMessage()).contains("Log in again");
    assertThat(e.error().fbtraceId()).contains("AxYz");
    assertThat(e.error().transientFlag()).contains(false);
    assertThat(e.kind()).isEqualTo(FailureKind.FATAL);
    assertThat(e.error().isTokenError()).isTrue();
    assertThat(e.getMessage()).contains("code 190", "subcode 463", "fbtrace_id AxYz", "new one");
  }

  @Test
  void takesTheTraceIdFromTheHeaderWhenTheBodyLacksIt() {
    GraphApiException e =
        (GraphApiException)
            wire.failure(
                "x",
                reply(
                    500,
                    "{\"error\":{\"code\":2,\"message\":\"oops\"}}",
                    "x-fb-trace-id",
                    "HdrTrace"));

    assertThat(e.error().fbtraceId()).contains("HdrTrace");
    assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT);
  }

  @Test
  void readsARetryAfterHint() {
    GraphApiException e =
        (GraphApiException)
            wire.failure(
                "x",
                reply(
                    400,
                    "{\"error\":{\"code\":4,\"message\":\"slow down\"}}",
                    "Retry-After",
                    "120"));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
    assertThat(e.kind()).isEqualTo(FailureKind.THROTTLED);
  }

  @Test
  void anErrorWithoutAnEnvelopeKeepsItsStatus() {
    assertThat(wire.failure("x", reply(502, "<html>Bad Gateway</html>")))
        .isInstanceOfSatisfying(
            HttpStatusException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(502);
              assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT);
              assertThat(e.getMessage()).contains("Bad Gateway");
            });
    assertThat(wire.failure("x", reply(429, "")).kind()).isEqualTo(FailureKind.THROTTLED);
    assertThat(wire.failure("x", reply(404, "")).kind()).isEqualTo(FailureKind.FATAL);
  }

  @ParameterizedTest(name = "HTTP {0} without an envelope is {1}")
  @CsvSource({
    // docs/PROTOCOL.md: "HTTP 5xx and 408 are transient, 429 throttling, the rest fatal"
    "408, TRANSIENT",
    "500, TRANSIENT",
    "504, TRANSIENT",
    "429, THROTTLED",
    "400, FATAL",
    "407, FATAL",
    "409, FATAL"
  })
  void statusesWithoutAnEnvelopeAreClassifiedAsDocumented(int status, FailureKind kind) {
    assertThat(wire.failure("x", reply(status, "<html>no envelope</html>")).kind()).isEqualTo(kind);
  }

  @Test
  void scrubsTheTokenFromWhatAServerEchoes() {
    assertThat(
            wire.failure(
                    "x",
                    reply(
                        400, "{\"error\":{\"code\":100,\"message\":\"bad token " + TOKEN + "\"}}"))
                .getMessage())
        .doesNotContain(TOKEN)
        .contains("[redacted]");
    assertThat(wire.failure("x", reply(502, "echo OAuth " + TOKEN)).getMessage())
        .doesNotContain(TOKEN);
    assertThatThrownBy(() -> wire.readCreated(reply(200, "{\"token\":\"" + TOKEN + "\"}")))
        .hasMessageNotContaining(TOKEN);
  }
}
