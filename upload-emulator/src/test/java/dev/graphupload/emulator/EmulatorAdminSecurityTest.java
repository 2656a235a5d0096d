package dev.graphupload.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin API answers a program on this machine, not a web page (DNS rebinding, cross-site
 * requests) and not a neighbour (an admin token beyond loopback). Requests go over raw sockets, so
 * any {@code Host} and {@code Origin} can be sent, as a browser or a rebinding page would.
 */
class EmulatorAdminSecurityTest {

  private record Reply(int status, String body) {}

  /** One HTTP/1.1 request to 127.0.0.1 on the emulator's port, with exactly these headers. */
  private static Reply raw(
      GraphEmulator emulator, String method, String path, Map<String, String> headers, String body)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      request.append("Content-Length: ").append(bytes.length).append("\r\n");
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(9, 12));
      return new Reply(status, text.substring(text.indexOf("\r\n\r\n") + 4));
    }
  }

  private static Map<String, String> headers(String... pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }

  private static String local(GraphEmulator emulator) {
    return "127.0.0.1:" + emulator.port();
  }

  @Test
  void aProgramOnThisMachineDrivesItAsDocumented() throws Exception {
    try (GraphEmulator emulator = GraphEmulator.builder().build()) {
      Reply sessions =
          raw(emulator, "GET", "/_emulator/sessions", headers("Host", local(emulator)), "");
      Reply faults =
          raw(
              emulator,
              "POST",
              "/_emulator/faults",
              headers("Host", "localhost:" + emulator.port(), "Content-Type", "application/json"),
              "{\"latencyMillis\":7}");

      assertThat(sessions.status()).isEqualTo(200);
      assertThat(faults.status()).as(faults.body()).isEqualTo(200);
      assertThat(emulator.faults().latencyMillis()).isEqualTo(7);
      assertThat(emulator.startupLine()).doesNotContain("admin-token");
    }
  }

  @Test
  void refusesARequestAddressedToAnotherNameAsARebindingPageSendsIt() throws Exception {
    try (GraphEmulator emulator = GraphEmulator.builder().build()) {
      Reply reply =
          raw(
              emulator,
              "GET",
              "/_emulator/files/bytes?handle=x",
              headers("Host", "attacker.example:" + emulator.port()),
              "");

      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.body())
          .contains("addressed to a loopback name")
          .contains("attacker.example");
    }
  }

  @Test
  void refusesACrossSiteTextPlainPostAndLeavesTheFaultsAlone() throws Exception {
    try (GraphEmulator emulator = GraphEmulator.builder().build()) {
      FaultSettings before = emulator.faults();

      Reply fromAPage =
          raw(
              emulator,
              "POST",
              "/_emulator/faults",
              headers(
                  "Host",
                  local(emulator),
                  "Origin",
                  "https://evil.example",
                  "Sec-Fetch-Site",
                  "cross-site",
                  "Content-Type",
                  "text/plain;charset=UTF-8"),
              "{\"errorProbability\":1}");
      Reply sameSitePage =
          raw(
              emulator,
              "POST",
              "/_emulator/reset",
              headers("Host", local(emulator), "Sec-Fetch-Site", "same-site"),
              "");
      Reply formWithoutOrigin =
          raw(
              emulator,
              "POST",
              "/_emulator/faults",
              headers("Host", local(emulator), "Content-Type", "application/x-www-form-urlencoded"),
              "errorProbability=1");

      assertThat(fromAPage.status()).isEqualTo(403);
      assertThat(fromAPage.body()).contains("refuses calls from web pages");
      assertThat(sameSitePage.status()).isEqualTo(403);
      assertThat(formWithoutOrigin.status()).isEqualTo(415);
      assertThat(emulator.faults()).isEqualTo(before);
    }
  }

  @Test
  void boundBeyondLoopbackEveryAdminCallNeedsTheTokenItPrints() throws Exception {
    try (GraphEmulator emulator = GraphEmulator.builder().host("0.0.0.0").build()) {
      String token = emulator.adminToken().orElseThrow();

      Reply without =
          raw(emulator, "GET", "/_emulator/sessions", headers("Host", local(emulator)), "");
      Reply wrong =
          raw(
              emulator,
              "GET",
              "/_emulator/sessions",
              headers("Host", local(emulator), "X-Emulator-Admin-Token", token + "x"),
              "");
      Reply with =
          raw(
              emulator,
              "GET",
              "/_emulator/sessions",
              headers("Host", "192.0.2.1:" + emulator.port(), "X-Emulator-Admin-Token", token),
              "");
      Reply graph =
          raw(
              emulator,
              "POST",
              "/v24.0/"
                  + emulator.appId()
                  + "/uploads?file_name=a.mp4&file_length=5"
                  + "&file_type=video/mp4",
              headers("Host", local(emulator), "Authorization", "OAuth " + emulator.token()),
              "");

      assertThat(emulator.exposed()).isTrue();
      assertThat(emulator.startupLine()).endsWith(" admin-token=" + token);
      assertThat(without.status()).isEqualTo(401);
      assertThat(without.body()).contains("X-Emulator-Admin-Token").doesNotContain(token);
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(with.status()).isEqualTo(200);
      assertThat(graph.status())
          .as("Graph's own endpoints keep their token check only")
          .isEqualTo(200);
    }
  }

  @Test
  void noAdminTurnsItOff() throws Exception {
    try (GraphEmulator emulator = GraphEmulator.builder().admin(false).build()) {
      Reply reply =
          raw(emulator, "GET", "/_emulator/sessions", headers("Host", local(emulator)), "");

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.body()).contains("--no-admin");
      assertThat(emulator.startupLine()).endsWith(" admin=off");
    }
  }

  @Test
  void readsAPercentEncodedSessionIdAndCreateParametersInAJsonBody() throws Exception {
    try (GraphEmulator emulator = GraphEmulator.builder().build()) {
      Reply created =
          raw(
              emulator,
              "POST",
              "/v24.0/" + emulator.appId() + "/uploads?access_token=" + emulator.token(),
              headers("Host", local(emulator), "Content-Type", "application/json"),
              "{\"file_name\":\"a.mp4\",\"file_length\":5,\"file_type\":\"video/mp4\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(200);
      String id = TestHttp.JSON.readTree(created.body()).get("id").asText();

      Reply asked =
          raw(
              emulator,
              "GET",
              "/v24.0/" + id.replace("upload:", "upload%3A"),
              headers("Host", local(emulator), "Authorization", "OAuth " + emulator.token()),
              "");

      assertThat(asked.status()).as(asked.body()).isEqualTo(200);
      assertThat(TestHttp.JSON.readTree(asked.body()).get("file_offset").asLong()).isZero();
      assertThat(emulator.sessions())
          .singleElement()
          .extracting(EmulatedSession::fileLength)
          .isEqualTo(5L);
    }
  }
}
