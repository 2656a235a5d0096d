package dev.graphupload.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exact faults queued for the next requests, and the profiles of undocumented answers. */
class ScriptedFaultsTest {

  private GraphEmulator emulator;

  private TestHttp start(GraphEmulatorBuilder builder) {
    emulator = builder.build();
    return new TestHttp(emulator);
  }

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void cutsTheNextSendAfterTheScriptedBytesThenServesTheOneAfter() {
    TestHttp http = start(GraphEmulator.builder());
    String id = http.createSession(3_000);
    emulator.enqueue(ScriptedFault.Request.SEND, new ScriptedFault.CutAfter(1_000));

    assertThatThrownBy(() -> http.post(id, 0, TestHttp.randomBytes(3_000, 1)))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(emulator.offsetOf(id)).hasValue(1_000);
    TestHttp.Reply rest = http.post(id, 1_000, TestHttp.randomBytes(2_000, 2));

    assertThat(rest.json().get("h").asText()).startsWith("2:");
    assertThat(emulator.pendingFaults()).isZero();
  }

  @Test
  void losesTheReplyOfASendAfterKeepingItsBytes() {
    TestHttp http = start(GraphEmulator.builder());
    String id = http.createSession(500);
    emulator.enqueue(ScriptedFault.Request.SEND, new ScriptedFault.LoseReply());

    assertThatThrownBy(() -> http.post(id, 0, TestHttp.randomBytes(500, 3)))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(emulator.offsetOf(id)).hasValue(500);
  }

  @Test
  void spellsAScriptedMismatchAsTheProfileSays() {
    TestHttp http = start(GraphEmulator.builder().profile(GraphProfile.OBSERVED));
    String id = http.createSession(500);
    emulator.enqueue(ScriptedFault.Request.SEND, new ScriptedFault.Mismatch());

    TestHttp.Reply refused = http.post(id, 0, TestHttp.randomBytes(500, 4));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.error().get("code").asInt()).isEqualTo(6001);
    assertThat(refused.error().get("error_subcode").asInt()).isEqualTo(1363037);
    assertThat(refused.error().get("error_data").get("start_offset").asText()).isEqualTo("0");
    assertThat(emulator.offsetOf(id)).hasValue(0);
  }

  @Test
  void takesAScriptThroughTheAdminApi() {
    TestHttp http = start(GraphEmulator.builder());
    String id = http.createSession(500);
    TestHttp.Reply queued =
        http.adminPost(
            "script",
            "[{\"request\":\"query\",\"fault\":\"reply\",\"status\":200,\"body\":\"{\\\"x\\\":1}\"},"
                + "{\"request\":\"query\",\"fault\":\"error\",\"status\":503,\"code\":2}]");

    assertThat(queued.json().get("pending").asInt()).isEqualTo(2);
    assertThat(http.offset(id).text()).isEqualTo("{\"x\":1}");
    assertThat(http.offset(id).error().get("code").asInt()).isEqualTo(2);
    assertThat(http.offset(id).json().get("file_offset").asLong()).isZero();
    assertThat(http.adminPost("script", "{\"request\":\"send\",\"fault\":\"nap\"}").status())
        .isEqualTo(400);
  }

  @Test
  void answersAPartialSendAndShapesHandlesAsTheObservedProfileSays() {
    TestHttp http = start(GraphEmulator.builder().profile(GraphProfile.OBSERVED));
    String id = http.createSession(1_000);

    TestHttp.Reply partial = http.post(id, 0, TestHttp.randomBytes(400, 5));
    TestHttp.Reply done = http.post(id, 400, TestHttp.randomBytes(600, 6));

    assertThat(partial.text()).isEqualTo("{\"success\":true}");
    String handle = done.json().get("h").asText();
    String[] parts = handle.split(":");
    assertThat(handle).startsWith("4::");
    assertThat(new String(Base64.getDecoder().decode(parts[2]), StandardCharsets.UTF_8))
        .isEqualTo("video/mp4");
    assertThat(parts[4]).isEqualTo("e");
    assertThat(parts[6]).isEqualTo(emulator.appId());
    assertThat(emulator.sha256Of(handle)).isPresent();
  }
}
