package dev.graphupload.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.TransportException;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import dev.graphupload.emulator.ConcurrentWriters;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a transport must do when things go wrong: cancellation, cut connections, lost replies,
 * timeouts, a stalled server, refused connections, oversized or broken replies, plain HTTP to a
 * remote host; and many requests at once. Part of {@link HttpTransportContract}.
 */
public abstract class HttpTransportFailureContract extends HttpTransportExchangeContract {
  @Test
  void cancellingMidBodyStopsSendingAndClosesTheConnection() throws Exception {
    // refuse-newer: a later send is accepted only once the cancelled connection is closed
    emulator.close();
    emulator =
        GraphEmulator.builder()
            .concurrentWriters(ConcurrentWriters.REFUSE_NEWER)
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
    } catch (CompletionException e) {
      return e.getCause();
    }
  }
}
