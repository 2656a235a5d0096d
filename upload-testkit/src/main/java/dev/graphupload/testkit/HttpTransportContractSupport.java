package dev.graphupload.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import dev.graphupload.emulator.GraphEmulator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator, the transport under test and the helpers that the {@link HttpTransportContract}
 * suites share. Not a suite itself: extend {@link HttpTransportContract}.
 */
public abstract class HttpTransportContractSupport {

  /** Reads the emulator's JSON replies. */
  protected static final ObjectMapper JSON = new ObjectMapper();

  /** The timeout of the contract's requests. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The largest reply the contract's requests accept. */
  protected static final int MAX_REPLY = 64 * 1024;

  /** A fresh temporary directory for each test. */
  @TempDir protected Path dir;

  /** The emulator of the current test. */
  protected GraphEmulator emulator;

  /** The transport under test, made by {@link #newTransport()} for each test. */
  protected HttpTransport transport;

  /** A plain client for the emulator's admin API. */
  protected final HttpClient admin = HttpClient.newHttpClient();

  /**
   * A new instance of the transport under test, with its defaults.
   *
   * @return the transport
   */
  protected abstract HttpTransport newTransport();

  @BeforeEach
  void startEmulator() {
    emulator = GraphEmulator.builder().build();
    transport = newTransport();
  }

  @AfterEach
  void stopEmulator() {
    transport.close();
    emulator.close();
  }

  // ---- helpers ----

  /** The headers that authorize a call to the emulator. */
  protected Map<String, String> auth() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "OAuth " + emulator.token());
    return headers;
  }

  /** Runs {@code request} through the transport under test and waits for its reply. */
  protected TransportResponse call(TransportRequest request) throws Exception {
    return transport.execute(request, BodyProgress.NONE).get(60, TimeUnit.SECONDS);
  }

  /** Creates a session for a file of {@code length} bytes and returns its id. */
  protected String createSession(long length) throws Exception {
    URI uri =
        URI.create(
            emulator.baseUrl()
                + "/v24.0/"
                + emulator.appId()
                + "/uploads?file_name=f.mp4&file_length="
                + length
                + "&file_type=video%2Fmp4");
    TransportResponse response =
        call(new TransportRequest("POST", uri, auth(), RequestBody.empty(), TIMEOUT, MAX_REPLY));
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    return JSON.readTree(response.body()).get("id").asText();
  }

  /** A request that sends {@code body} to {@code session} from {@code offset}. */
  protected TransportRequest send(String session, RequestBody body, long offset) {
    Map<String, String> headers = auth();
    headers.put("file_offset", Long.toString(offset));
    return new TransportRequest(
        "POST",
        URI.create(emulator.baseUrl() + "/v24.0/" + session),
        headers,
        body,
        TIMEOUT,
        MAX_REPLY);
  }

  /** The emulator's offset for {@code session}, asked through the transport under test. */
  protected long serverOffset(String session) throws Exception {
    TransportRequest get =
        new TransportRequest(
            "GET",
            URI.create(emulator.baseUrl() + "/v24.0/" + session),
            auth(),
            RequestBody.empty(),
            TIMEOUT,
            MAX_REPLY);
    return JSON.readTree(call(get).body()).get("file_offset").asLong();
  }

  /** A GET on the emulator's admin API, as JSON. */
  protected JsonNode adminGet(String pathAndQuery) throws Exception {
    HttpResponse<byte[]> response =
        admin.send(
            HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/_emulator/" + pathAndQuery))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return JSON.readTree(response.body());
  }

  /** The SHA-256 of the file the emulator holds for the handle in {@code sent}. */
  protected String sha256OfHandle(TransportResponse sent) throws Exception {
    String handle = JSON.readTree(sent.body()).get("h").asText();
    return adminGet("files?handle=" + URLEncoder.encode(handle, StandardCharsets.UTF_8))
        .get("sha256")
        .asText();
  }

  /** What {@code future} failed with; an assertion error if it succeeded or hung. */
  protected static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
    try {
      future.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the exchange neither completed nor failed within 60 s", e);
    }
    throw new AssertionError("the exchange was expected to fail, and succeeded");
  }
}
