package dev.graphupload.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.HttpStatusException;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.RetriesExhaustedException;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.TransportException;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.testkit.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server that breaks the protocol in every way we could think of, for each transport: the upload
 * must fail with an error that names the problem, within its timeouts, never report success, and
 * never send the token anywhere but the server it was given.
 */
class HostileServerTest {

  private static final int LENGTH = 300_000;
  private static final int CHUNK = 100_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final String SECTION = "Hostile servers";

  @TempDir Path dir;

  @AfterAll
  static void writeFigures() {
    Figures.write();
  }

  /** Ways to be a bad server. */
  enum Misbehaviour {
    NOT_JSON,
    WRONG_SHAPE,
    OFFSET_PAST_LENGTH,
    OFFSET_BACKWARDS,
    HANDLE_BEFORE_LAST_BYTE,
    HANDLE_FOR_HALF_THE_FILE,
    ENDLESS_REPLY,
    NO_REPLY,
    REDIRECT_SEND_TO_ANOTHER_HOST,
    REDIRECT_CREATE_TO_ANOTHER_HOST
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Rig.Transport transport : Rig.Transport.values()) {
      for (Misbehaviour misbehaviour : Misbehaviour.values()) {
        cases.add(Arguments.of(transport, misbehaviour));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} transport, {1}")
  @MethodSource("cases")
  void failsClearlyAndInTimeWithoutLeakingTheToken(Rig.Transport kind, Misbehaviour misbehaviour)
      throws Exception {
    Path file = TestData.randomMp4(dir, LENGTH, misbehaviour.ordinal());
    try (HostileServer elsewhere =
            new HostileServer(
                "127.0.0.2", (r, n, out) -> HostileServer.reply(out, 200, "text/plain", "hello"));
        HostileServer server = new HostileServer("127.0.0.1", script(misbehaviour, elsewhere));
        HttpTransport transport = kind.create()) {
      InMemorySessionStore store = new InMemorySessionStore();
      long began = System.nanoTime();
      try (GraphUploader uploader =
          GraphUploader.builder()
              .endpoint(server.baseUrl())
              .appId(AppId.of("1234567890"))
              .accessToken(AccessToken.of(Secrets.TOKEN))
              .transport(transport)
              .store(store)
              .chunkPolicy(
                  misbehaviour == Misbehaviour.HANDLE_FOR_HALF_THE_FILE
                      ? ChunkPolicy.wholeRemainder()
                      : ChunkPolicy.fixed(CHUNK))
              .requestTimeout(TIMEOUT)
              // a body's timeout grows with its size at this rate: 0.1 s for a 100 kB chunk
              .minBytesPerSecond(1_000_000)
              .retryPolicy(
                  RetryPolicy.custom()
                      .maxAttempts(2)
                      .initialBackoff(Duration.ofMillis(10))
                      .maxBackoff(Duration.ofMillis(10))
                      .build())
              .build()) {
        assertThatThrownBy(() -> uploader.upload(file))
            .isInstanceOfSatisfying(
                GraphUploadException.class,
                e -> {
                  System.out.printf(
                      "%s %s after %d ms: %s%n",
                      kind, misbehaviour, (System.nanoTime() - began) / 1_000_000, e.getMessage());
                  expect(misbehaviour, e);
                  Secrets.assertAbsent("the failure", Secrets.describe(e));
                });
      }
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      // two attempts of one request timeout each at the very most, with room for a slow machine
      assertThat(took).as("time to fail").isLessThan(TIMEOUT.multipliedBy(2).plusSeconds(2));

      assertThat(store.list())
          .as("never recorded as uploaded")
          .noneMatch(r -> r.state() instanceof RecordState.Completed);
      assertThat(elsewhere.requests()).as("requests that reached the other host").isEmpty();
      for (HostileServer.Request request : server.requests()) {
        Secrets.assertAbsent("a request line", request.target());
        String authorization = request.header("authorization");
        if (authorization != null) {
          assertThat(authorization).isIn("OAuth " + Secrets.TOKEN, "Bearer " + Secrets.TOKEN);
        }
      }
      Figures.add(SECTION, "misbehaviours tried (x transports)", 1);
      Figures.add(SECTION, "reported as success", 0);
      Figures.add(SECTION, "requests to another host", elsewhere.requests().size());
      Figures.max(SECTION, "slowest failure (ms)", took.toMillis());
    }
  }

  private static void expect(Misbehaviour misbehaviour, GraphUploadException e) {
    switch (misbehaviour) {
      case NOT_JSON, WRONG_SHAPE -> assertThat(e).isInstanceOf(ProtocolException.class);
      case OFFSET_PAST_LENGTH, OFFSET_BACKWARDS ->
          assertThat(e).isInstanceOf(ProtocolException.class).hasMessageContaining("offset");
      case HANDLE_BEFORE_LAST_BYTE ->
          assertThat(e).isInstanceOf(ProtocolException.class).hasMessageContaining("handle");
      case HANDLE_FOR_HALF_THE_FILE ->
          assertThat(e)
              .isInstanceOf(RetriesExhaustedException.class)
              .hasMessageContaining("holds only " + LENGTH / 2 + " of " + LENGTH + " bytes");
      case ENDLESS_REPLY ->
          assertThat(e)
              .isInstanceOfAny(ProtocolException.class, TransportException.class)
              .hasMessageContaining("reply");
      case NO_REPLY -> assertThat(Secrets.describe(e)).contains("No reply");
      case REDIRECT_SEND_TO_ANOTHER_HOST, REDIRECT_CREATE_TO_ANOTHER_HOST ->
          assertThat(e).isInstanceOf(HttpStatusException.class).hasMessageContaining("30");
    }
  }

  private static HostileServer.Script script(Misbehaviour misbehaviour, HostileServer elsewhere) {
    return (request, number, out) -> {
      boolean create = request.method().equals("POST") && request.target().contains("/uploads");
      boolean query = request.method().equals("GET");
      if (misbehaviour == Misbehaviour.REDIRECT_CREATE_TO_ANOTHER_HOST && create) {
        redirect(out, elsewhere, request.target(), 302);
        return;
      }
      if (create) {
        HostileServer.created(out);
        return;
      }
      switch (misbehaviour) {
        case NOT_JSON ->
            HostileServer.reply(out, 200, "text/html", "<html><body>Bad gateway</body></html>");
        case WRONG_SHAPE ->
            HostileServer.reply(out, 200, "application/json", "{\"h\":42,\"file_offset\":\"x\"}");
        case OFFSET_PAST_LENGTH ->
            HostileServer.reply(
                out, 200, "application/json", "{\"file_offset\":" + (LENGTH + 1000) + "}");
        case OFFSET_BACKWARDS -> {
          long offset = query || number > 1 ? 10 : CHUNK;
          HostileServer.reply(out, 200, "application/json", "{\"file_offset\":" + offset + "}");
        }
        case HANDLE_BEFORE_LAST_BYTE ->
            HostileServer.reply(
                out,
                200,
                "application/json",
                "{\"h\":\"2:aG9zdGlsZS5tcDQ=:video/mp4:b3BhcXVl:e:1999999999:c2ln\"}");
        case HANDLE_FOR_HALF_THE_FILE ->
            HostileServer.reply(
                out,
                200,
                "application/json",
                query
                    ? "{\"file_offset\":" + LENGTH / 2 + "}"
                    : "{\"h\":\"2:aG9zdGlsZS5tcDQ=:video/mp4:b3BhcXVl:e:1999999999:c2ln\"}");
        case ENDLESS_REPLY -> endless(out);
        case NO_REPLY -> silence();
        case REDIRECT_SEND_TO_ANOTHER_HOST -> redirect(out, elsewhere, request.target(), 307);
        case REDIRECT_CREATE_TO_ANOTHER_HOST -> HostileServer.created(out);
      }
    };
  }

  private static void redirect(OutputStream out, HostileServer elsewhere, String target, int status)
      throws IOException {
    HostileServer.reply(
        out, status, "text/plain", "moved", "Location: " + elsewhere.baseUrl() + target);
  }

  private static void endless(OutputStream out) throws IOException {
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    byte[] piece = ("{\"h\":\"" + "a".repeat(8000)).getBytes(StandardCharsets.US_ASCII);
    byte[] size = (Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      out.write(size);
      out.write(piece);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static void silence() {
    try {
      Thread.sleep(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
