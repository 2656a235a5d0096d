package dev.graphupload.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request shapes Meta's guides and public clients send, beyond the reference's: each accepted,
 * over real sockets, with curl where curl is how they are written. docs/FIDELITY.md has the
 * evidence for each.
 */
class RequestShapesTest {

  @RegisterExtension static final GraphEmulatorExtension EMULATOR = new GraphEmulatorExtension();

  @TempDir Path dir;

  @BeforeAll
  static void requireCurl() {
    Curl.assumePresent("the request shapes");
  }

  private static JsonNode curl(String... args) throws Exception {
    return TestHttp.JSON.readTree(Curl.runOk(args));
  }

  private String base() {
    return EMULATOR.emulator().baseUrl() + "/v24.0/";
  }

  private String upload(String id, byte[] bytes) throws Exception {
    Path body = dir.resolve("body-" + System.nanoTime());
    Files.write(body, bytes);
    JsonNode sent =
        curl(
            "-X",
            "POST",
            base() + id,
            "-H",
            "authorization: bearer " + EMULATOR.emulator().token(),
            "-H",
            "FILE_OFFSET: 0",
            "--data-binary",
            "@" + body);
    return sent.get("h").asText();
  }

  @Test
  void acceptsTheAppAliasWithATrailingSlash() throws Exception {
    JsonNode created =
        curl(
            "-X",
            "POST",
            base()
                + "app/uploads/?file_name=a.png&file_length=3&file_type=image/png&access_token="
                + EMULATOR.emulator().token());

    assertThat(created.get("id").asText()).startsWith("upload:");
    assertThat(upload(created.get("id").asText(), new byte[] {1, 2, 3})).isNotEmpty();
  }

  @Test
  void acceptsACreateWithoutAFileNameAndNamesTheFileByDefault() throws Exception {
    JsonNode created =
        curl(
            "-X",
            "POST",
            base()
                + EMULATOR.emulator().appId()
                + "/uploads?file_length=3&file_type=image/png&access_token="
                + EMULATOR.emulator().token());

    String handle = upload(created.get("id").asText(), new byte[] {1, 2, 3});
    String name =
        new String(Base64.getDecoder().decode(handle.split(":")[1]), StandardCharsets.UTF_8);
    assertThat(name).isEqualTo("file");
  }

  @Test
  void acceptsCreateParametersAndTheTokenInAFormBody() throws Exception {
    JsonNode created =
        curl(
            "-X",
            "POST",
            base() + EMULATOR.emulator().appId() + "/uploads",
            "--data-urlencode",
            "file_name=form clip.mp4",
            "-d",
            "file_length=3",
            "-d",
            "file_type=video/mp4",
            "-d",
            "access_token=" + EMULATOR.emulator().token());

    assertThat(created.get("id").asText()).startsWith("upload:");
  }

  @Test
  void refusesAWrongTokenBeforeAskingForTheBodyItAnnounced() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), EMULATOR.emulator().port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v24.0/"
                  + EMULATOR.emulator().appId()
                  + "/uploads?file_name=a.mp4&file_length=10&file_type=video/mp4 HTTP/1.1\r\n"
                  + "Host: 127.0.0.1\r\n"
                  + "Authorization: OAuth not-the-token\r\n"
                  + "Expect: 100-continue\r\n"
                  + "Content-Type: application/octet-stream\r\n"
                  + "Content-Length: 1000000\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();

      String reply = readAll(socket.getInputStream());

      assertThat(reply).startsWith("HTTP/1.1 400").doesNotContain("100 Continue");
      assertThat(reply).contains("\"code\":190");
    }
  }

  @Test
  void asksForTheBodyOfAnAcceptedRequestWithContinue() throws Exception {
    String id = new TestHttp(EMULATOR.emulator()).createSession(3);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), EMULATOR.emulator().port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v24.0/"
                  + id
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: OAuth "
                  + EMULATOR.emulator().token()
                  + "\r\nfile_offset: 0\r\nExpect: 100-continue\r\nConnection: close\r\n"
                  + "Content-Length: 3\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] interim = new byte[25];
      int read = in.readNBytes(interim, 0, interim.length);
      assertThat(new String(interim, 0, read, StandardCharsets.ISO_8859_1))
          .startsWith("HTTP/1.1 100 Continue");
      out.write(new byte[] {1, 2, 3});
      out.flush();

      assertThat(readAll(in)).contains("200 OK").contains("\"h\":");
    }
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }
}
