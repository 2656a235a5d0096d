package dev.graphupload.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphupload.core.FailureKind;
import dev.graphupload.core.TransportException;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link HttpTransport} must do, proved against the emulator over real sockets (and a
 * deliberately broken server for the hostile cases). Extend it and implement {@link
 * #newTransport()}:
 *
 * <pre>{@code
 * class MyTransportContractTest extends HttpTransportContract {
 *   protected HttpTransport newTransport() { return new MyTransport(); }
 * }
 * }</pre>
 *
 * <p>The transport must accept plain {@code http://} to loopback (the emulator's address) and
 * refuse it to other hosts.
 */
public abstract class HttpTransportContract {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_REPLY = 64 * 1024;

  /** A fresh temporary directory for each test. */
  @TempDir protected Path dir;

  /** The emulator of the current test. */
  protected GraphEmulator emulator;

  /** The transport under test, made by {@link #newTransport()} for each test. */
  protected HttpTransport transport;

  private final HttpClient admin = HttpClient.newHttpClient();

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

  private Map<String, String> auth() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "OAuth " + emulator.token());
    return headers;
  }

  private TransportResponse call(TransportRequest request) throws Exception {
    return transport.execute(request, BodyProgress.NONE).get(60, TimeUnit.SECONDS);
  }

  private String createSession(long length) throws Exception {
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

  private TransportRequest send(String session, RequestBody body, long offset) {
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

  private long serverOffset(String session) throws Exception {
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

  private JsonNode adminGet(String pathAndQuery) throws Exception {
    HttpResponse<byte[]> response =
        admin.send(
            HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/_emulator/" + pathAndQuery))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return JSON.readTree(response.body());
  }

  private String sha256OfHandle(TransportResponse sent) throws Exception {
    String handle = JSON.readTree(sent.body()).get("h").asText();
    return adminGet(
            "files?handle="
                + java.net.URLEncoder.encode(handle, java.nio.charset.StandardCharsets.UTF_8))
        .get("sha256")
        .asText();
  }

  private static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
    try {
      future.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the exchange neither completed nor failed within 60 s", e);
    }
    throw new AssertionError("the exchange was expected to fail, and succeeded");
  }

  // ---- the contract ----

  @Test
  void sendsASmallRequestAndReadsItsReply() throws Exception {
    String session = createSession(10);

    assertThat(session).startsWith("upload:").contains("?sig=");
  }

  @Test
  void sendsSmallByteBodiesWithAnExactLength() throws Exception {
    String session = createSession(5);

    TransportResponse response =
        call(send(session, new RequestBody.Bytes(new byte[] {1, 2, 3, 4, 5}), 0));

    assertThat(response.status()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).has("h")).isTrue();
  }

  @Test
  void passesErrorStatusesThroughAsResponses() throws Exception {
    TransportRequest noToken =
        new TransportRequest(
            "GET",
            URI.create(emulator.baseUrl() + "/v24.0/upload:abc?sig=x"),
            Map.of(),
            RequestBody.empty(),
            TIMEOUT,
            MAX_REPLY);

    TransportResponse response = call(noToken);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(response.header("X-FB-TRACE-ID")).isPresent();
    assertThat(JSON.readTree(response.body()).get("error").get("code").asInt()).isEqualTo(190);
  }

  @Test
  void streamsALargeFileRegionWithExactBytesAtExactOffsets() throws Exception {
    Path file = TestData.sparseMp4(dir, 48L << 20);
    long split = (17L << 20) + 12345;
    String session = createSession(48L << 20);

    TransportResponse first = call(send(session, new RequestBody.FileRegion(file, 0, split), 0));
    TransportResponse rest =
        call(send(session, new RequestBody.FileRegion(file, split, (48L << 20) - split), split));

    assertThat(JSON.readTree(first.body()).get("file_offset").asLong()).isEqualTo(split);
    assertThat(sha256OfHandle(rest)).isEqualTo(TestData.sha256(file));
  }

  @Test
  void readsTheFileTheUploaderHoldsOpenEvenAfterAnotherIsRenamedOverItsPathAndLeavesItOpen()
      throws Exception {
    int length = 3_000_000;
    Path file = TestData.randomMp4(dir, length, 71);
    String original = TestData.sha256(file);
    long split = 1_234_567;
    String session = createSession(length);
    try (java.nio.channels.FileChannel held =
        java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
      Path other = TestData.randomMp4(Files.createDirectories(dir.resolve("other")), length, 72);
      Files.move(
          other,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);

      call(send(session, new RequestBody.FileRegion(file, 0, split, Optional.of(held)), 0));
      TransportResponse rest =
          call(
              send(
                  session,
                  new RequestBody.FileRegion(file, split, length - split, Optional.of(held)),
                  split));

      assertThat(sha256OfHandle(rest))
          .as("the bytes of the file held open, not of the one renamed over its path")
          .isEqualTo(original)
          .isNotEqualTo(TestData.sha256(file));
      assertThat(held.isOpen()).as("the uploader's channel is the uploader's to close").isTrue();
    }
  }

  @Test
  void keepsUnderscoresInHeaderNamesAndTheSessionIdVerbatim() throws Exception {
    // the emulator refuses a send without "file_offset" (code 100) and a re-encoded "?sig=" (104)
    String session = createSession(3);

    TransportResponse response = call(send(session, new RequestBody.Bytes(new byte[3]), 0));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
  }

  @Test
  void reportsProgressThatNeverDecreasesAndEndsAtTheBodyLength() throws Exception {
    Path file = TestData.sparseMp4(dir, 8L << 20);
    String session = createSession(8L << 20);
    List<Long> progress = new CopyOnWriteArrayList<>();

    transport
        .execute(send(session, new RequestBody.FileRegion(file, 0, 8L << 20), 0), progress::add)
        .get(60, TimeUnit.SECONDS);

    assertThat(progress).isNotEmpty().isSorted();
    assertThat(progress.get(progress.size() - 1)).isEqualTo(8L << 20);
    assertThat(progress).allSatisfy(p -> assertThat(p).isBetween(0L, 8L << 20));
  }

  @Test
  void cancellingMidBodyStopsSendingAndClosesTheConnection() throws Exception {
    // refuse-newer: a later send is accepted only once the cancelled connection is closed
    emulator.close();
    emulator =
        GraphEmulator.builder()
            .concurrentWriters(dev.graphupload.emulator.ConcurrentWriters.REFUSE_NEWER)
            .faults(FaultSettings.none().withBandwidth(4_000_000))
            .build();
    long length = 200L << 20;
    Path file = TestData.sparseMp4(dir, length);
    String session = createSession(length);
    CompletableFuture<TransportResponse> exchange =
        transport.execute(
            send(session, new RequestBody.FileRegion(file, 0, length), 0), BodyProgress.NONE);
    for (int i = 0; i < 500 && serverOffset(session) == 0; i++) {
      Thread.sleep(10);
    }

    exchange.cancel(true);

    assertThat(exchange).isCancelled();
    // what the kernel had buffered still drains at the capped rate; then nothing more comes
    long settled = -1;
    for (int i = 0; i < 40; i++) {
      long now = serverOffset(session);
      if (now == settled) {
        break;
      }
      settled = now;
      Thread.sleep(500);
    }
    assertThat(serverOffset(session))
        .as("bytes still arriving 20 s after cancel")
        .isEqualTo(settled);
    assertThat(settled).isLessThan(length);
    emulator.faults(FaultSettings.none());
    TransportResponse rest =
        call(send(session, new RequestBody.FileRegion(file, settled, length - settled), settled));
    assertThat(rest.status())
        .as("the cancelled connection still held the session: " + rest.bodyText())
        .isEqualTo(200);
  }

  @Test
  void failsWithATransportExceptionWhenTheConnectionIsCut() throws Exception {
    emulator.faults(FaultSettings.none().withCutAfterBytes(1 << 20));
    Path file = TestData.sparseMp4(dir, 8L << 20);
    String session = createSession(8L << 20);

    Throwable failure =
        failureOf(
            transport.execute(
                send(session, new RequestBody.FileRegion(file, 0, 8L << 20), 0),
                BodyProgress.NONE));

    assertThat(failure).isInstanceOf(TransportException.class);
    assertThat(((TransportException) failure).kind()).isEqualTo(FailureKind.TRANSIENT);
    emulator.faults(FaultSettings.none());
    assertThat(serverOffset(session)).isEqualTo(1 << 20);
  }

  @Test
  void failsWhenTheReplyIsLostAfterTheBytesWereCommitted() throws Exception {
    emulator.faults(FaultSettings.none().withLoseReplyProbability(1));
    Path file = TestData.randomMp4(dir, 100_000, 1);
    String session = createSession(100_000);

    Throwable failure =
        failureOf(
            transport.execute(
                send(session, new RequestBody.FileRegion(file, 0, 100_000), 0), BodyProgress.NONE));

    assertThat(failure).isInstanceOf(TransportException.class);
    emulator.faults(FaultSettings.none());
    assertThat(serverOffset(session)).isEqualTo(100_000);
  }

  @Test
  void timesOutOnAServerThatTakesTheBodyAndNeverAnswers() throws Exception {
    try (ScriptedServer silent = new ScriptedServer(ScriptedServer.silent())) {
      Path file = TestData.randomMp4(dir, 200_000, 2);
      TransportRequest request =
          new TransportRequest(
              "POST",
              URI.create(silent.baseUrl() + "/v24.0/upload:x?sig=y"),
              auth(),
              new RequestBody.FileRegion(file, 0, 200_000),
              Duration.ofSeconds(1),
              MAX_REPLY);
      long start = System.nanoTime();

      Throwable failure = failureOf(transport.execute(request, BodyProgress.NONE));

      assertThat(failure).isInstanceOf(TransportException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
  }

  @Test
  void failsARequestThatStopsMakingProgressAfterItsIdleTimeout() throws Exception {
    try (ScriptedServer frozen = new ScriptedServer(ScriptedServer.frozenAfter(1 << 20))) {
      // larger than what the socket buffers of both ends can hold, so the writer must stall
      Path file = TestData.randomMp4(dir, 64 << 20, 3);
      TransportRequest request =
          new TransportRequest(
              "POST",
              URI.create(frozen.baseUrl() + "/v24.0/upload:x?sig=y"),
              auth(),
              new RequestBody.FileRegion(file, 0, 64 << 20),
              Duration.ofMinutes(10),
              MAX_REPLY,
              Duration.ofSeconds(1));
      long start = System.nanoTime();

      Throwable failure = failureOf(transport.execute(request, BodyProgress.NONE));

      assertThat(failure)
          .isInstanceOfSatisfying(
              TransportException.class, e -> assertThat(e.isRetryable()).isTrue())
          .hasMessageContaining("No progress")
          .hasMessageContaining("for 1 s");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void failsFastWhenTheConnectionIsRefused() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    TransportRequest request =
        new TransportRequest(
            "GET",
            URI.create("http://127.0.0.1:" + port + "/v24.0/upload:x"),
            auth(),
            RequestBody.empty(),
            TIMEOUT,
            MAX_REPLY);

    Throwable failure = failureOf(transport.execute(request, BodyProgress.NONE));

    assertThat(failure).isInstanceOf(TransportException.class);
    assertThat(((TransportException) failure).isRetryable()).isTrue();
  }

  @Test
  void refusesAReplyOverTheLimit() throws Exception {
    try (ScriptedServer huge = new ScriptedServer(ScriptedServer.hugeReply(20L << 20))) {
      TransportRequest request =
          new TransportRequest(
              "GET",
              URI.create(huge.baseUrl() + "/v24.0/upload:x"),
              auth(),
              RequestBody.empty(),
              TIMEOUT,
              MAX_REPLY);

      Throwable failure = failureOf(transport.execute(request, BodyProgress.NONE));

      assertThat(failure)
          .isInstanceOf(TransportException.class)
          .hasMessageContaining(Integer.toString(MAX_REPLY));
    }
  }

  @Test
  void failsOnAReplyThatIsNotHttp() throws Exception {
    try (ScriptedServer garbage = new ScriptedServer(ScriptedServer.garbage())) {
      TransportRequest request =
          new TransportRequest(
              "GET",
              URI.create(garbage.baseUrl() + "/v24.0/upload:x"),
              auth(),
              RequestBody.empty(),
              TIMEOUT,
              MAX_REPLY);

      assertThat(failureOf(transport.execute(request, BodyProgress.NONE)))
          .isInstanceOf(TransportException.class);
    }
  }

  @Test
  void refusesPlainHttpToAHostThatIsNotLoopback() throws Exception {
    TransportRequest request =
        new TransportRequest(
            "GET",
            URI.create("http://graph.example.invalid/v24.0/upload:x"),
            auth(),
            RequestBody.empty(),
            TIMEOUT,
            MAX_REPLY);

    Throwable failure = failureOf(transport.execute(request, BodyProgress.NONE));

    assertThat(failure).isInstanceOf(TransportException.class).hasMessageContaining("unencrypted");
    assertThat(((TransportException) failure).kind()).isEqualTo(FailureKind.FATAL);
    assertThat(failure.getMessage()).doesNotContain(emulator.token());
  }

  @Test
  void servesManyRequestsAtOnce() throws Exception {
    List<CompletableFuture<TransportResponse>> sends = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Path file = TestData.randomMp4(dir, 20_000 + i, i);
      files.add(file);
      sends.add(
          transport.execute(
              send(createSession(20_000 + i), new RequestBody.FileRegion(file, 0, 20_000 + i), 0),
              BodyProgress.NONE));
    }

    for (int i = 0; i < sends.size(); i++) {
      TransportResponse response = sends.get(i).get(60, TimeUnit.SECONDS);
      assertThat(response.status()).isEqualTo(200);
      assertThat(sha256OfHandle(response)).isEqualTo(TestData.sha256(files.get(i)));
    }
  }

  @Test
  void aCancelledExchangeIsReportedAsCancelled() throws Exception {
    try (ScriptedServer silent = new ScriptedServer(ScriptedServer.silent())) {
      CompletableFuture<TransportResponse> exchange =
          transport.execute(
              new TransportRequest(
                  "GET",
                  URI.create(silent.baseUrl() + "/v24.0/upload:x"),
                  auth(),
                  RequestBody.empty(),
                  TIMEOUT,
                  MAX_REPLY),
              BodyProgress.NONE);

      exchange.cancel(true);

      assertThat(failureOrCancellation(exchange)).isInstanceOf(CancellationException.class);
    }
  }

  private static Throwable failureOrCancellation(CompletableFuture<?> future) throws IOException {
    try {
      future.join();
      return null;
    } catch (CancellationException e) {
      return e;
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause();
    }
  }
}
