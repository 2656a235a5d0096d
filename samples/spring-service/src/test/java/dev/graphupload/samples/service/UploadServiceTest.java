package dev.graphupload.samples.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.testkit.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as its clients use it, over HTTP, against Graph's emulator on this machine. The
 * recipe: start the emulator before the context, and point the starter at it with a {@link
 * DynamicPropertySource} (base URL, app id, token, a store directory of the test's own).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class UploadServiceTest {

  private static final String TOKEN = "EAAG-SAMPLE-SERVICE-TOKEN-0123456789";
  private static final String APP_ID = "1234567890";
  private static final Path HOME = temporaryDirectory();
  private static final int PORT = freePort();
  private static GraphEmulator emulator = emulator();

  @LocalServerPort int port;
  @TempDir Path dir;

  private static GraphEmulator emulator() {
    return GraphEmulator.builder()
        .port(PORT)
        .appIds(APP_ID)
        .tokens(TOKEN)
        .dataDirectory(HOME.resolve("emulator"))
        .connectionBandwidth(4_000_000) // slow enough to stop it mid-upload
        .build();
  }

  @DynamicPropertySource
  static void graph(DynamicPropertyRegistry registry) {
    registry.add("graph-upload.base-url", () -> "http://127.0.0.1:" + PORT);
    registry.add("graph-upload.app-id", () -> APP_ID);
    registry.add("graph-upload.access-token", () -> TOKEN);
    registry.add("graph-upload.store.file.directory", () -> HOME.resolve("sessions").toString());
    // give up quickly when Graph is gone, so the client hears it and retries
    registry.add("graph-upload.max-attempts", () -> "2");
    registry.add("graph-upload.retry.initial-backoff", () -> "10ms");
    registry.add("graph-upload.retry.max-backoff", () -> "50ms");
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Test
  void aRetriedRequestResumesAfterGraphWentAwayMidUpload() throws Exception {
    Path file = TestData.randomMp4(dir, 8_000_000, 1);
    HttpRequest request =
        Multipart.post(uri("/uploads?wait=true"), file, "video/mp4", "order-42-video");

    CompletableFuture<HttpResponse<String>> first = Multipart.sendAsync(request);
    assertThat(emulator.awaitReceived(2_000_000, Duration.ofSeconds(30))).isTrue();
    emulator.close(); // Graph goes away mid-upload
    HttpResponse<String> failed = first.get();
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(failed.headers().firstValue("Retry-After")).isPresent();
    assertThat(failed.body()).contains("urn:graph-upload:problem:unavailable");

    emulator = emulator(); // back, with what it had
    HttpResponse<String> retried = Multipart.send(request);

    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
    assertThat(retried.body()).contains("\"outcome\":\"resumed\"");
    assertThat(field(retried.body(), "resumedFrom")).isGreaterThan(0);
    assertThat(emulator.sessions()).as("one session, continued").hasSize(1);
    assertThat(emulator.sha256Of(string(retried.body(), "handle"))).contains(TestData.sha256(file));
    assertThat(emulator.sessions().get(0).fileName())
        .as("the name the client sent, not the temporary file's")
        .isEqualTo(file.getFileName().toString());
  }

  @Test
  void accepted202ThenTheStatusUrlGivesTheHandle() throws Exception {
    Path file = TestData.randomMp4(dir, 300_000, 2);
    HttpResponse<String> accepted =
        Multipart.send(Multipart.post(uri("/uploads"), file, "application/octet-stream", null));

    assertThat(accepted.statusCode()).isEqualTo(202);
    String location = accepted.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> status = Multipart.get(uri(location + "?wait=true")); // a long poll
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("\"state\":\"uploaded\"");
    assertThat(emulator.sha256Of(string(status.body(), "handle"))).contains(TestData.sha256(file));
  }

  @Test
  void aTypeGraphDoesNotTakeIsAProblemDetailNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "not a video");
    HttpResponse<String> refused =
        Multipart.send(Multipart.post(uri("/uploads?wait=true"), file, "text/plain", null));

    assertThat(refused.statusCode()).isEqualTo(415);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(refused.body())
        .contains("urn:graph-upload:problem:unsupported-type")
        .contains("text/plain")
        .doesNotContain(TOKEN);
  }

  @Test
  void prometheusShowsTheUploadsMetersAndNothingWasBoundTwice(CapturedOutput output)
      throws Exception {
    Path file = TestData.randomMp4(dir, 200_000, 3);
    HttpResponse<String> created =
        Multipart.send(Multipart.post(uri("/uploads?wait=true"), file, "video/mp4", null));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    String scrape = Multipart.get(uri("/actuator/prometheus")).body();
    assertThat(scrape)
        .contains("graph_upload_completed_total")
        .contains("graph_upload_bytes_written_bytes_total")
        .contains("graph_upload_run_seconds") // the observation's timer
        .doesNotContain(TOKEN)
        .doesNotContain(file.getFileName().toString());
    assertThat(output.getAll()).doesNotContain("already registered").doesNotContain(TOKEN);
    assertThat(output.getAll()).contains("graph-upload: app " + APP_ID);
  }

  private static long field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
    assertThat(m.find()).as(name + " in " + json).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static String string(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).as(name + " in " + json).isTrue();
    return m.group(1);
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("graph-upload-sample-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
