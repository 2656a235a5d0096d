package dev.graphupload.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmulatorProtocolTest {

  @RegisterExtension static final GraphEmulatorExtension EMULATOR = new GraphEmulatorExtension();

  private final TestHttp http = new TestHttp(EMULATOR.emulator());

  private static void assertGraphError(TestHttp.Reply reply, int status, int code) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(status);
    assertThat(reply.headers().firstValue("Content-Type"))
        .contains("application/json; charset=UTF-8");
    assertThat(reply.headers().firstValue("x-fb-trace-id")).isPresent();
    JsonNode error = reply.error();
    assertThat(error.get("code").asInt()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("type").asText()).isNotBlank();
    assertThat(error.get("fbtrace_id").asText())
        .isEqualTo(reply.headers().firstValue("x-fb-trace-id").orElseThrow());
  }

  @Test
  void uploadsAWholeFileAndReportsItsChecksum() {
    byte[] bytes = TestHttp.randomBytes(100_000, 1);
    String id = http.createSession(bytes.length);

    TestHttp.Reply sent = http.post(id, 0, bytes);

    assertThat(sent.status()).isEqualTo(200);
    String handle = sent.json().get("h").asText();
    JsonNode file = http.admin("files?handle=" + TestHttp.encode(handle)).json();
    assertThat(file.get("sha256").asText()).isEqualTo(TestHttp.sha256(bytes));
    assertThat(file.get("length").asLong()).isEqualTo(100_000);
    assertThat(file.get("name").asText()).isEqualTo("clip.mp4");
    assertThat(file.get("type").asText()).isEqualTo("video/mp4");
    assertThat(file.get("handle").asText()).isEqualTo(handle);
    assertThat(http.admin("files/bytes?handle=" + TestHttp.encode(handle)).body()).isEqualTo(bytes);
  }

  @Test
  void issuesRealisticSignedIdsAndHandles() {
    String id = http.createSession(10);
    assertThat(id).matches("upload:[A-Za-z0-9_-]+\\?sig=ARZ[A-Za-z0-9_-]+");

    String handle = http.post(id, 0, new byte[10]).json().get("h").asText();

    String[] parts = handle.split(":");
    assertThat(parts[0]).isEqualTo("2");
    assertThat(new String(Base64.getDecoder().decode(parts[1]))).isEqualTo("clip.mp4");
    assertThat(parts[2] + ":" + parts[3]).isEqualTo("video/mp4:" + parts[3]);
    assertThat(parts[4]).isEqualTo("e");
    assertThat(Long.parseLong(parts[5])).isGreaterThan(System.currentTimeMillis() / 1000);
    assertThat(parts[6]).startsWith("ARZ");
  }

  @Test
  void resumesFromTheOffsetItReports() {
    byte[] bytes = TestHttp.randomBytes(30_000, 2);
    String id = http.createSession(bytes.length);

    TestHttp.Reply first = http.post(id, 0, Arrays.copyOf(bytes, 12_000));
    assertThat(first.json().get("file_offset").asLong()).isEqualTo(12_000);
    assertThat(first.json().get("id").asText()).isEqualTo(id);
    assertThat(http.offset(id).json().get("file_offset").asLong()).isEqualTo(12_000);

    TestHttp.Reply rest = http.post(id, 12_000, Arrays.copyOfRange(bytes, 12_000, 30_000));

    String handle = rest.json().get("h").asText();
    assertThat(http.admin("files?handle=" + TestHttp.encode(handle)).json().get("sha256").asText())
        .isEqualTo(TestHttp.sha256(bytes));
    assertThat(http.offset(id).json().get("file_offset").asLong()).isEqualTo(30_000);
    // an empty send at the end gives the handle again, for a client that lost it
    assertThat(http.post(id, 30_000, new byte[0]).json().get("h").asText()).isEqualTo(handle);
  }

  @Test
  void refusesAMismatchedOffsetAndStatesItsOwn() {
    String id = http.createSession(100);
    http.post(id, 0, new byte[40]);

    TestHttp.Reply reply = http.post(id, 10, new byte[20]);

    assertGraphError(reply, 400, 100);
    assertThat(reply.error().get("error_subcode").asInt()).isEqualTo(1363037);
    assertThat(reply.error().get("error_data").get("file_offset").asLong()).isEqualTo(40);
    assertThat(reply.error().get("message").asText()).contains("40");
    assertThat(http.offset(id).json().get("file_offset").asLong()).isEqualTo(40);
  }

  @Test
  void refusesABodyThatPassesTheFileLengthAndStoresNothingPastIt() {
    String id = http.createSession(100);

    TestHttp.Reply reply = http.post(id, 90, new byte[20]);
    assertGraphError(reply, 400, 100);
    TestHttp.Reply tooLong = http.post(id, 0, new byte[101]);

    assertGraphError(tooLong, 400, 100);
    assertThat(tooLong.error().get("message").asText()).contains("passes file_length");
    assertThat(http.offset(id).json().get("file_offset").asLong()).isZero();
  }

  @Test
  void rejectsAMissingOrUnknownTokenWithCode190() {
    String id = http.createSession(10);
    TestHttp.Reply none = http.send(http.request("/v24.0/" + id).GET().build());
    TestHttp.Reply wrong =
        http.send(http.request("/v24.0/" + id).header("Authorization", "OAuth nope").GET().build());
    TestHttp.Reply scheme =
        http.send(http.request("/v24.0/" + id).header("Authorization", "Basic abc").GET().build());

    for (TestHttp.Reply reply : new TestHttp.Reply[] {none, wrong, scheme}) {
      assertGraphError(reply, 400, 190);
      assertThat(reply.error().get("type").asText()).isEqualTo("OAuthException");
      assertThat(reply.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    }
  }

  @Test
  void acceptsTheTokenAsBearerOrAsAQueryParameterOnGet() {
    String id = http.createSession(10);

    TestHttp.Reply bearer =
        http.send(
            http.request("/v24.0/" + id)
                .header("Authorization", "Bearer " + EMULATOR.emulator().token())
                .GET()
                .build());
    TestHttp.Reply query =
        http.send(
            http.request("/v24.0/" + id + "&access_token=" + EMULATOR.emulator().token())
                .GET()
                .build());

    assertThat(bearer.status()).isEqualTo(200);
    assertThat(query.json().get("file_offset").asLong()).isZero();
  }

  @Test
  void requiresTheHeaderTokenAndTheOffsetHeaderToSendBytes() {
    String id = http.createSession(10);
    String token = EMULATOR.emulator().token();

    TestHttp.Reply queryToken =
        http.send(
            http.request("/v24.0/" + id + "&access_token=" + token)
                .header("file_offset", "0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10]))
                .build());
    TestHttp.Reply noOffset =
        http.send(
            http.request("/v24.0/" + id)
                .header("Authorization", http.auth())
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10]))
                .build());
    TestHttp.Reply badOffset =
        http.send(
            http.request("/v24.0/" + id)
                .header("Authorization", http.auth())
                .header("file_offset", "-5")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10]))
                .build());

    assertGraphError(queryToken, 400, 190);
    assertGraphError(noOffset, 400, 100);
    assertThat(noOffset.error().get("message").asText()).contains("file_offset");
    assertGraphError(badOffset, 400, 100);
  }

  @Test
  void refusesATamperedOrMissingSignatureWithCode104() {
    String id = http.createSession(10);
    String tampered = id.substring(0, id.length() - 2) + (id.endsWith("A") ? "BB" : "AA");
    String unsigned = id.substring(0, id.indexOf('?'));

    assertGraphError(http.offset(tampered), 400, 104);
    assertGraphError(http.offset(unsigned), 400, 104);
    assertGraphError(http.post(tampered, 0, new byte[10]), 400, 104);
  }

  @Test
  void anUnknownSessionIsCode100Subcode33() {
    String id = http.createSession(10);
    assertThat(http.adminPost("reset", "").status()).isEqualTo(200);

    TestHttp.Reply reply = http.offset(id);

    assertGraphError(reply, 400, 100);
    assertThat(reply.error().get("error_subcode").asInt()).isEqualTo(33);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "0", "1.5", "99999999999999999999", "100000000000000"})
  void refusesABadFileLength(String length) {
    TestHttp.Reply reply =
        http.send(
            http.request(
                    "/v24.0/"
                        + EMULATOR.emulator().appId()
                        + "/uploads?file_name=a.mp4&file_type=video/mp4&file_length="
                        + length)
                .header("Authorization", http.auth())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

    assertGraphError(reply, 400, 100);
    assertThat(reply.error().get("message").asText()).contains("file_length");
  }

  @ParameterizedTest
  @ValueSource(strings = {"image/gif", "video/quicktime", "", "VIDEO/MP4"})
  void refusesAFileTypeGraphDoesNotAccept(String type) {
    assertGraphError(http.create("a.bin", 10, type), 400, 100);
  }

  @Test
  void acceptsEachOfTheFiveTypes() {
    for (String type :
        new String[] {"application/pdf", "image/jpeg", "image/jpg", "image/png", "video/mp4"}) {
      assertThat(http.create("f", 10, type).status()).isEqualTo(200);
    }
  }

  @Test
  void storesAnyFileNameSafelyInsideTheDataDirectory() throws Exception {
    Path data = EMULATOR.emulator().dataDirectory();
    String evil = "../../../../tmp/evil\u0000name/..\\x.mp4";
    String id = http.create(evil, 4, "video/mp4").json().get("id").asText();

    String handle = http.post(id, 0, new byte[] {1, 2, 3, 4}).json().get("h").asText();

    assertThat(http.admin("files?handle=" + TestHttp.encode(handle)).json().get("name").asText())
        .isEqualTo(evil);
    try (Stream<Path> files = Files.walk(data)) {
      assertThat(files).allSatisfy(p -> assertThat(p.normalize()).startsWith(data));
    }
    assertThat(Files.exists(Path.of("/tmp/evil"))).isFalse();
  }

  @Test
  void acceptsAMissingFileNameButRefusesAnUnknownApp() {
    TestHttp.Reply noName =
        http.send(
            http.request(
                    "/v24.0/"
                        + EMULATOR.emulator().appId()
                        + "/uploads?file_length=5&file_type=video/mp4")
                .header("Authorization", http.auth())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    TestHttp.Reply noApp =
        http.send(
            http.request("/v24.0/999/uploads?file_name=a&file_length=5&file_type=video/mp4")
                .header("Authorization", http.auth())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

    assertThat(noName.status()).isEqualTo(200);
    assertThat(noName.json().get("id").asText()).startsWith("upload:");
    assertGraphError(noApp, 400, 100);
    assertThat(noApp.error().get("error_subcode").asInt()).isEqualTo(33);
  }

  @Test
  void answersAnyApiVersion() {
    TestHttp.Reply reply =
        http.send(
            http.request(
                    "/v19.0/"
                        + EMULATOR.emulator().appId()
                        + "/uploads?file_name=a&file_length=5&file_type=video/mp4")
                .header("Authorization", http.auth())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

    assertThat(reply.status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/nothing",
        "/v24.0/",
        "/v24/123/uploads",
        "/v24.0/123/other",
        "/_emulator/nope"
      })
  void answersUnknownPathsWithAGraphError(String path) {
    TestHttp.Reply reply =
        http.send(http.request(path).header("Authorization", http.auth()).GET().build());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error().get("code").asInt()).isIn(100, 2500);
  }

  @Test
  void expiresSessionsAndTokensOnDemand() {
    String id = http.createSession(10);

    assertThat(http.adminPost("sessions/expire?id=" + TestHttp.encode(id), "").status())
        .isEqualTo(200);
    TestHttp.Reply expired = http.offset(id);
    assertGraphError(expired, 400, 100);
    assertThat(expired.error().get("error_subcode").asInt()).isEqualTo(33);
    assertGraphError(http.post(id, 0, new byte[10]), 400, 100);
  }

  @Test
  void listsSessionsWithTheirOffsets() {
    String id = http.createSession(50);
    http.post(id, 0, new byte[20]);

    JsonNode sessions = http.admin("sessions").json().get("sessions");

    JsonNode mine = null;
    for (JsonNode s : sessions) {
      if (s.get("id").asText().equals(id)) {
        mine = s;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.get("offset").asLong()).isEqualTo(20);
    assertThat(mine.get("length").asLong()).isEqualTo(50);
    assertThat(mine.get("complete").asBoolean()).isFalse();
  }
}
