package dev.graphupload.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The documentation's own flows, run with the real curl. Skipped, and says so, without curl. */
class CurlFlowTest {

  @RegisterExtension static final GraphEmulatorExtension EMULATOR = new GraphEmulatorExtension();

  @TempDir Path dir;

  @BeforeAll
  static void requireCurl() {
    Curl.assumePresent("the documented curl flows");
  }

  private static String curl(String... args) throws Exception {
    return Curl.run(args);
  }

  private static JsonNode json(String text) throws IOException {
    return TestHttp.JSON.readTree(text);
  }

  /** {@code POST /{v}/{app}/uploads?…&access_token=T}, as the documentation writes it. */
  private static String curlCreate(GraphEmulator emulator, long length) throws Exception {
    String url =
        emulator.baseUrl()
            + "/v24.0/"
            + emulator.appId()
            + "/uploads?file_name=sample.mp4&file_length="
            + length
            + "&file_type=video/mp4&access_token="
            + emulator.token();
    return json(curl("-X", "POST", url)).get("id").asText();
  }

  /** {@code POST /{v}/upload:<id>} with the header token, {@code file_offset} and the file. */
  private static String curlSend(GraphEmulator emulator, String id, long offset, Path body)
      throws Exception {
    return curl(
        "-X",
        "POST",
        emulator.baseUrl() + "/v24.0/" + id,
        "--header",
        "Authorization: OAuth " + emulator.token(),
        "--header",
        "file_offset: " + offset,
        "--data-binary",
        "@" + body);
  }

  private static String sha256Of(GraphEmulator emulator, String handle) {
    return new TestHttp(emulator)
        .admin("files?handle=" + TestHttp.encode(handle))
        .json()
        .get("sha256")
        .asText();
  }

  @Test
  void theDocumentedFlowUploadsAFileWhole() throws Exception {
    GraphEmulator emulator = EMULATOR.emulator();
    byte[] bytes = TestHttp.randomBytes(250_000, 21);
    Path file = Files.write(dir.resolve("sample.mp4"), bytes);

    String id = curlCreate(emulator, bytes.length);
    String handle = json(curlSend(emulator, id, 0, file)).get("h").asText();

    assertThat(sha256Of(emulator, handle)).isEqualTo(TestHttp.sha256(bytes));
  }

  @Test
  void theDocumentedFlowResumesAnInterruptedUpload() throws Exception {
    GraphEmulator emulator = EMULATOR.emulator();
    byte[] bytes = TestHttp.randomBytes(400_000, 22);
    Path file = Files.write(dir.resolve("sample.mp4"), bytes);
    String id = curlCreate(emulator, bytes.length);
    String session = emulator.baseUrl() + "/v24.0/" + id;

    emulator.faults(FaultSettings.none().withCutAfterBytes(150_000));
    curlSend(emulator, id, 0, file);
    emulator.faults(FaultSettings.none());
    long offset =
        json(curl("-X", "GET", session, "--header", "Authorization: OAuth " + emulator.token()))
            .get("file_offset")
            .asLong();
    long viaQuery =
        json(curl("-X", "GET", session + "&access_token=" + emulator.token()))
            .get("file_offset")
            .asLong();
    assertThat(offset).isEqualTo(150_000).isEqualTo(viaQuery);
    Path rest =
        Files.write(dir.resolve("rest.bin"), Arrays.copyOfRange(bytes, (int) offset, bytes.length));
    String handle = json(curlSend(emulator, id, offset, rest)).get("h").asText();

    assertThat(sha256Of(emulator, handle)).isEqualTo(TestHttp.sha256(bytes));
  }

  @Test
  void streamsALargeBodySentWithUploadFile() throws Exception {
    GraphEmulator emulator = EMULATOR.emulator();
    byte[] bytes = TestHttp.randomBytes(3_000_000, 23);
    Path file = Files.write(dir.resolve("big.mp4"), bytes);
    String id = new TestHttp(emulator).createSession(bytes.length);

    String reply =
        curl(
            "-X",
            "POST",
            "-T",
            file.toString(),
            emulator.baseUrl() + "/v24.0/" + id,
            "--header",
            "Authorization: OAuth " + emulator.token(),
            "--header",
            "file_offset: 0");

    assertThat(sha256Of(emulator, json(reply).get("h").asText())).isEqualTo(TestHttp.sha256(bytes));
  }
}
