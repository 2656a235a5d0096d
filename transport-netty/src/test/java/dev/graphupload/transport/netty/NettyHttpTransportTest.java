package dev.graphupload.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.testkit.TestData;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FailOnLeaks.class)
class NettyHttpTransportTest {

  @TempDir Path dir;

  @Test
  void validatesItsSettingsAsTheyAreSet() {
    assertThatThrownBy(() -> NettyHttpTransport.builder().threads(0))
        .hasMessageContaining("1 to 256");
    assertThatThrownBy(() -> NettyHttpTransport.builder().maxConnectionsPerHost(0))
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> NettyHttpTransport.builder().connectTimeout(Duration.ZERO))
        .hasMessageContaining("positive");
  }

  @Test
  void usesNativeEpollWhenAvailableAndNioOnRequest() {
    try (NettyHttpTransport nio = NettyHttpTransport.builder().nativeTransport(false).build()) {
      assertThat(nio.toString()).contains("MultiThreadIoEventLoopGroup");
    }
  }

  @Test
  void aTransportThatOnlySpeaksHttpNeverBuildsATlsContext() throws Exception {
    try (GraphEmulator emulator = GraphEmulator.builder().build();
        NettyHttpTransport transport = NettyHttpTransport.create()) {
      TransportResponse created =
          transport
              .execute(
                  new TransportRequest(
                      "POST",
                      URI.create(
                          emulator.baseUrl()
                              + "/v24.0/"
                              + emulator.appId()
                              + "/uploads?file_name=a.mp4&file_length=10&file_type=video%2Fmp4"),
                      Map.of("Authorization", "OAuth " + emulator.token()),
                      RequestBody.empty(),
                      Duration.ofSeconds(10),
                      65536),
                  BodyProgress.NONE)
              .get(10, TimeUnit.SECONDS);

      assertThat(created.status()).isEqualTo(200);
      assertThat(transport.tlsBuilt())
          .as("OpenSSL's loading costs half a second of CPU: not for http://")
          .isFalse();
      assertThat(transport.toString()).contains("TLS not yet used");
    }
  }

  @Test
  void closingATransportOnTheCallersGroupLeavesNoThreadThatKeepsTheJvmUp() throws Exception {
    try (GraphEmulator emulator = GraphEmulator.builder().build()) {
      // a process of its own: threads this test JVM's other tests left cannot blur the answer
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  CloseAndList.class.getName(),
                  emulator.baseUrl()
                      + "/v24.0/"
                      + emulator.appId()
                      + "/uploads?file_name=a.mp4&file_length=10&file_type=video%2Fmp4",
                  "OAuth " + emulator.token())
              .redirectErrorStream(true)
              .start();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

      // closing the pools would start Netty's global executor, whose thread is no daemon (shutting
      // down a group does too: the README says so of a transport's own group)
      assertThat(out).contains("status 200, open connections 0").doesNotContain("keeps the JVM up");
    }
  }

  @Test
  void closeWaitsForTheRequestsInFlight() throws Exception {
    try (GraphEmulator emulator =
        GraphEmulator.builder().faults(FaultSettings.none().withBandwidth(4_000_000)).build()) {
      Path file = TestData.randomMp4(dir, 4_000_000, 1);
      NettyHttpTransport transport =
          NettyHttpTransport.builder().closeTimeout(Duration.ofSeconds(20)).build();
      TransportResponse created =
          transport
              .execute(
                  new TransportRequest(
                      "POST",
                      URI.create(
                          emulator.baseUrl()
                              + "/v24.0/"
                              + emulator.appId()
                              + "/uploads?file_name=a.mp4&file_length=4000000&file_type=video%2Fmp4"),
                      Map.of("Authorization", "OAuth " + emulator.token()),
                      RequestBody.empty(),
                      Duration.ofSeconds(10),
                      65536),
                  BodyProgress.NONE)
              .get(10, TimeUnit.SECONDS);
      String session = new ObjectMapper().readTree(created.body()).get("id").asText();
      CompletableFuture<TransportResponse> upload =
          transport.execute(
              new TransportRequest(
                  "POST",
                  URI.create(emulator.baseUrl() + "/v24.0/" + session),
                  Map.of("Authorization", "OAuth " + emulator.token(), "file_offset", "0"),
                  new RequestBody.FileRegion(file, 0, 4_000_000),
                  Duration.ofSeconds(30),
                  65536),
              BodyProgress.NONE);

      transport.close(); // about a second of upload still to go

      assertThat(upload).isCompleted();
      assertThat(upload.join().status()).isEqualTo(200);
      assertThat(transport.inFlight()).isZero();
    }
  }
}
