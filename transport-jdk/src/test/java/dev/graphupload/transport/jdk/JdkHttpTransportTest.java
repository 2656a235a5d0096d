package dev.graphupload.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.TransportException;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import dev.graphupload.emulator.GraphEmulator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JdkHttpTransportTest {

  @Test
  void validatesItsSettingsAsTheyAreSet() {
    assertThatThrownBy(() -> JdkHttpTransport.builder().bufferSize(100))
        .hasMessageContaining("4 KiB to 16 MiB");
    assertThatThrownBy(() -> JdkHttpTransport.builder().connectTimeout(Duration.ZERO))
        .hasMessageContaining("positive");
    assertThat(JdkHttpTransport.builder().http2(true).build().toString()).contains("HTTP_2");
    assertThat(JdkHttpTransport.create().toString()).contains("HTTP_1_1");
  }

  @Test
  void closeEndsItsOwnClientsSelectorThreadButNotACallersClient() throws Exception {
    JdkHttpTransport own = JdkHttpTransport.create();
    Thread selector = JdkHttpTransport.selectorThread(own.httpClient());
    assertThat(selector).as("the client's selector thread, found by its name").isNotNull();

    own.close();

    selector.join(10_000);
    assertThat(selector.isAlive()).as("selector thread 10 s after close").isFalse();

    HttpClient theirs = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    JdkHttpTransport.builder().httpClient(theirs).build().close();
    try (GraphEmulator emulator = GraphEmulator.builder().build()) {
      HttpResponse<Void> response =
          theirs.send(
              HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/")).build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).as("a request through the caller's client").isPositive();
    }
  }

  @Test
  void closeLeavesACallersExecutorRunning() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      JdkHttpTransport transport = JdkHttpTransport.builder().executor(pool).build();
      Thread selector = JdkHttpTransport.selectorThread(transport.httpClient());

      transport.close();

      selector.join(10_000);
      assertThat(selector.isAlive()).as("the client's selector thread 10 s after close").isFalse();
      assertThat(pool.isShutdown()).as("the caller's executor, after close").isFalse();
      assertThat(pool.submit(() -> "still runs").get(10, TimeUnit.SECONDS)).isEqualTo("still runs");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void makesTheDefaultTlsContextOnlyForAnHttpsConnection() throws Exception {
    try (GraphEmulator plain = GraphEmulator.builder().build();
        GraphEmulator secure = GraphEmulator.builder().tls(true).build();
        JdkHttpTransport transport = JdkHttpTransport.create()) {
      LazyDefaultSslContext context = (LazyDefaultSslContext) transport.httpClient().sslContext();

      transport.execute(createRequest(plain), BodyProgress.NONE).get(30, TimeUnit.SECONDS);
      assertThat(context.made()).as("default TLS context made after a plain request").isFalse();

      // the emulator's certificate is its own CA's: the JDK's default trust store refuses it
      assertThatThrownBy(
              () ->
                  transport
                      .execute(createRequest(secure), BodyProgress.NONE)
                      .get(30, TimeUnit.SECONDS))
          .hasRootCauseInstanceOf(CertPathBuilderException.class);
      assertThat(context.made()).as("default TLS context made for an https request").isTrue();
    }
  }

  private static TransportRequest createRequest(GraphEmulator emulator) {
    return new TransportRequest(
        "POST",
        URI.create(
            emulator.baseUrl()
                + "/v24.0/"
                + emulator.appId()
                + "/uploads?file_name=a.mp4&file_length=3&file_type=video%2Fmp4"),
        Map.of("Authorization", "OAuth " + emulator.token()),
        RequestBody.empty(),
        Duration.ofSeconds(10),
        65536);
  }

  @Test
  void keepsAtMostMaxConcurrentRequestsInFlightAndNeverSendsOneCancelledWhileWaiting()
      throws Exception {
    AtomicInteger inServer = new AtomicInteger();
    AtomicInteger mostInServer = new AtomicInteger();
    AtomicInteger arrived = new AtomicInteger();
    CountDownLatch twoArrived = new CountDownLatch(2);
    CountDownLatch letGo = new CountDownLatch(1);
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          arrived.incrementAndGet();
          mostInServer.accumulateAndGet(inServer.incrementAndGet(), Math::max);
          twoArrived.countDown();
          try {
            letGo.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inServer.decrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try (JdkHttpTransport transport = JdkHttpTransport.builder().maxConcurrentRequests(2).build()) {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
      List<CompletableFuture<TransportResponse>> sent = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        sent.add(
            transport.execute(
                new TransportRequest(
                    "GET", uri, Map.of(), RequestBody.empty(), Duration.ofSeconds(30), 65536),
                BodyProgress.NONE));
      }
      assertThat(twoArrived.await(30, TimeUnit.SECONDS))
          .as("two requests reached the server")
          .isTrue();
      assertThat(sent.get(2).cancel(true)).as("the third, waiting, cancelled").isTrue();

      letGo.countDown();
      for (int i : new int[] {0, 1, 3, 4}) {
        assertThat(sent.get(i).get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
      }
      assertThat(mostInServer.get()).as("requests in the server at once").isEqualTo(2);
      assertThat(arrived.get()).as("requests that reached the server").isEqualTo(4);
    } finally {
      server.stop(0);
    }
    assertThatThrownBy(() -> JdkHttpTransport.builder().maxConcurrentRequests(0))
        .hasMessageContaining("1 to 10,000");
  }

  @Test
  void sendsThroughAClientOfTheCallers() throws Exception {
    try (GraphEmulator emulator = GraphEmulator.builder().build()) {
      JdkHttpTransport transport =
          JdkHttpTransport.builder()
              .httpClient(
                  HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build())
              .build();
      TransportRequest request = createRequest(emulator);

      TransportResponse response =
          transport.execute(request, BodyProgress.NONE).get(30, TimeUnit.SECONDS);

      assertThat(response.status()).isEqualTo(200);
    }
  }

  @Test
  void namesAHeaderTheJdkRefusesWithoutItsValue() {
    TransportRequest request =
        new TransportRequest(
            "GET",
            URI.create("http://127.0.0.1:9/x"),
            Map.of("Host", "secret-value"),
            RequestBody.empty(),
            Duration.ofSeconds(5),
            1024);

    assertThatThrownBy(
            () ->
                JdkHttpTransport.create()
                    .execute(request, BodyProgress.NONE)
                    .get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            TransportException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.FATAL))
        .hasMessageContaining("refuses a header")
        .hasMessageNotContaining("secret-value");
  }
}
