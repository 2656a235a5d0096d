package dev.graphupload.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.emulator.ScriptedFault;
import dev.graphupload.testkit.TestData;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2 over TLS (ALPN h2 with the emulator), through a cut and a lost reply. */
class JdkHttp2Test {

  @TempDir Path dir;

  @Test
  void uploadsOverHttp2AndTlsThroughFaults() throws Exception {
    Path file = TestData.randomMp4(dir, 5_000_000, 43);
    try (GraphEmulator secure = GraphEmulator.builder().tls(true).build();
        JdkHttpTransport h2 =
            JdkHttpTransport.builder()
                .http2(true)
                .trustedCertificates(secure.caCertificate().orElseThrow())
                .build()) {
      secure.enqueue(
          ScriptedFault.Request.SEND,
          new ScriptedFault.CutAfter(1_500_000),
          new ScriptedFault.LoseReply());
      try (GraphUploader uploader =
          GraphUploader.builder()
              .endpoint(secure.baseUrl())
              .appId(AppId.of(secure.appId()))
              .accessToken(AccessToken.of(secure.token()))
              .transport(h2)
              .store(new InMemorySessionStore())
              .chunkPolicy(ChunkPolicy.fixed(2_000_000))
              .retryPolicy(
                  RetryPolicy.custom()
                      .initialBackoff(Duration.ofMillis(5))
                      .maxBackoff(Duration.ofMillis(50))
                      .build())
              .build()) {
        UploadResult result = uploader.upload(file);

        assertThat(secure.sha256Of(result.handle().value())).hasValue(TestData.sha256(file));
        assertThat(secure.pendingFaults()).isZero();
      }
    }
  }
}
