package dev.graphupload.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.BatchOptions;
import dev.graphupload.core.BatchResult;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.testkit.TestData;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reused direct buffers of {@link FileRegionPublisher}: a buffer refilled while the client
 * still had to write it would put wrong bytes on the wire, which only the server's SHA-256 shows.
 * Small buffers make every file many items, so each buffer is refilled many times per request; a
 * pool smaller than the uploads in flight makes some requests fall back to heap buffers.
 */
class JdkDirectBuffersTest {

  @TempDir Path dir;

  private static GraphUploader uploader(GraphEmulator emulator, JdkHttpTransport transport) {
    return GraphUploader.builder()
        .endpoint(emulator.baseUrl())
        .appId(AppId.of(emulator.appId()))
        .accessToken(AccessToken.of(emulator.token()))
        .transport(transport)
        .store(new InMemorySessionStore())
        .chunkPolicy(ChunkPolicy.fixed(700_000))
        .retryPolicy(
            RetryPolicy.custom()
                .maxAttempts(60)
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(50))
                .build())
        .build();
  }

  @Test
  void manyUploadsAtOnceThroughCutsArriveByteForByte() throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      files.add(TestData.randomMp4(dir, 50_000 + i * 97_331, i)); // 50 KB to 2.3 MB
    }
    JdkHttpTransport transport =
        JdkHttpTransport.builder().bufferSize(4096).directBuffers(6).build();
    try (GraphEmulator emulator = GraphEmulator.builder().build(); // writes to its disk
        transport;
        GraphUploader uploader = uploader(emulator, transport)) {
      emulator.faults(FaultSettings.none().withSeed(7).withCutProbability(0.3));

      List<BatchResult> results =
          uploader
              .uploadAllAsync(files, BatchOptions.defaults().parallel(8))
              .results()
              .get(2, TimeUnit.MINUTES);

      for (int i = 0; i < files.size(); i++) {
        BatchResult result = results.get(i);
        assertThat(result.handle()).as("handle of %s", files.get(i)).isPresent();
        assertThat(emulator.sha256Of(result.handle().orElseThrow().value()))
            .as("bytes the server kept of %s", files.get(i))
            .hasValue(TestData.sha256(files.get(i)));
      }
      DirectBufferPool pool = transport.directBufferPool();
      assertThat(pool.allocated()).as("direct buffers allocated").isBetween(1, 6);
      assertThat(pool.reused()).as("times a buffer was reused across requests").isPositive();
      assertThat(pool.stillInUseCount())
          .as(
              "buffers due for reuse that the client had not written yet (the class comment's"
                  + " reading of the JDK's HTTP/1.1 path says none)")
          .isZero();
    }
  }

  @Test
  void httpsAndHttp2AndACallersClientGetNoDirectBuffers() throws Exception {
    Path file = TestData.randomMp4(dir, 300_000, 3);
    try (GraphEmulator secure = GraphEmulator.builder().tls(true).build();
        JdkHttpTransport https =
            JdkHttpTransport.builder()
                .trustedCertificates(secure.caCertificate().orElseThrow())
                .bufferSize(4096)
                .build();
        GraphUploader uploader = uploader(secure, https)) {
      String handle = uploader.upload(file).handle().value();

      assertThat(secure.sha256Of(handle)).hasValue(TestData.sha256(file));
      assertThat(https.directBufferPool().allocated()).as("direct buffers over TLS").isZero();
    }
    assertThat(JdkHttpTransport.builder().http2(true).build().directBufferPool()).isNull();
    assertThat(
            JdkHttpTransport.builder()
                .httpClient(HttpClient.newHttpClient())
                .build()
                .directBufferPool())
        .isNull();
    assertThat(JdkHttpTransport.builder().directBuffers(0).build().directBufferPool()).isNull();
  }
}
