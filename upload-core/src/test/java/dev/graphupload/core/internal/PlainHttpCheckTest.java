package dev.graphupload.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportFailures;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Which failures of a plain-HTTP exchange send a TLS greeting to the port. The greeting waits for
 * an answer, so asking after a timeout would add the probe's own timeout to a silent server's.
 */
class PlainHttpCheckTest {

  private static final URI ENDPOINT = URI.create("http://127.0.0.1:9");
  private static final TransportRequest REQUEST =
      new TransportRequest(
          "GET",
          ENDPOINT.resolve("/v24.0/upload:abc"),
          Map.of(),
          new RequestBody.Empty(),
          Duration.ofSeconds(2),
          65_536);

  private final List<Runnable> probes = new ArrayList<>();

  @Test
  void aTimeoutWhoseCauseIsTheConnectionTheClientClosedIsNotProbed() {
    // the JDK's client, when its timer and the read race, reports its timeout caused by the
    // connection it closed itself
    HttpTimeoutException clients = new HttpTimeoutException("request timed out");
    clients.initCause(new IOException("connection closed locally"));
    Throwable timeout = TransportFailures.noReply(REQUEST, clients);

    CompletableFuture<TransportResponse> result = check(timeout);

    assertThat(probes).as("TLS greetings sent").isEmpty();
    assertThat(result).isCompletedExceptionally();
    assertThat(cause(result)).isSameAs(timeout);
  }

  @Test
  void aRefusedConnectionIsNotProbed() {
    Throwable refused = TransportFailures.translate(new ConnectException("refused"), REQUEST);

    CompletableFuture<TransportResponse> result = check(refused);

    assertThat(probes).isEmpty();
    assertThat(cause(result)).isSameAs(refused);
  }

  @Test
  void aConnectionCutWithoutAReplyIsProbedOnce() {
    Throwable cut =
        TransportFailures.translate(new IOException("connection closed by peer"), REQUEST);

    CompletableFuture<TransportResponse> result = check(cut);

    assertThat(probes).as("TLS greetings sent").hasSize(1);
    assertThat(result).as("waits for the greeting's answer").isNotDone();
  }

  private CompletableFuture<TransportResponse> check(Throwable failure) {
    HttpTransport failing = (request, progress) -> CompletableFuture.failedFuture(failure);
    return PlainHttpCheck.around(failing, ENDPOINT, probes::add)
        .execute(REQUEST, BodyProgress.NONE);
  }

  private static Throwable cause(CompletableFuture<TransportResponse> result) {
    try {
      result.join();
      throw new AssertionError("the exchange succeeded");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }
}
