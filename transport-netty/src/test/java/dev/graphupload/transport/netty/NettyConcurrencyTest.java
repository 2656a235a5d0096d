package dev.graphupload.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.testkit.TestData;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A thousand uploads at once through one uploader and one Netty transport, with faults on. */
@ExtendWith(FailOnLeaks.class)
class NettyConcurrencyTest {

  private static final int UPLOADS = 1_000;

  @TempDir Path dir;

  @Test
  void aThousandUploadsAtOnceAllArriveWholeOnAFewThreads() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (GraphEmulator emulator =
            GraphEmulator.builder()
                .faults(
                    FaultSettings.none()
                        .withSeed(1000)
                        .withCutProbability(0.05)
                        .withLoseReplyProbability(0.02)
                        .withErrorProbability(0.05)
                        .withThrottleProbability(0.02)
                        .withThrottleRetryAfterSeconds(0))
                .build();
        NettyHttpTransport transport = NettyHttpTransport.create();
        GraphUploader uploader =
            GraphUploader.builder()
                .endpoint(emulator.baseUrl())
                .appId(AppId.of(emulator.appId()))
                .accessToken(AccessToken.of(emulator.token()))
                .transport(transport)
                .store(new InMemorySessionStore())
                .retryPolicy(
                    RetryPolicy.custom()
                        .maxAttempts(50)
                        .initialBackoff(Duration.ofMillis(5))
                        .maxBackoff(Duration.ofMillis(50))
                        .throttleInitialBackoff(Duration.ofMillis(10))
                        .throttleMaxBackoff(Duration.ofMillis(100))
                        .build())
                .build()) {
      List<Path> files = new ArrayList<>();
      for (int i = 0; i < UPLOADS; i++) {
        files.add(TestData.randomMp4(dir, 2_000 + (i * 37) % 20_000, i));
      }
      threads.resetPeakThreadCount();
      int before = threads.getThreadCount();

      List<CompletableFuture<UploadResult>> uploads = new ArrayList<>();
      for (Path file : files) {
        uploads.add(uploader.uploadAsync(file));
      }
      CompletableFuture.allOf(uploads.toArray(new CompletableFuture<?>[0]))
          .get(300, TimeUnit.SECONDS);
      int peak = threads.getPeakThreadCount();

      // the event loop's, the engine's two, the store executor's two, and the timers': a few, not
      // one per upload
      assertThat(peak - before)
          .as("threads added while %d uploads ran", UPLOADS)
          .isLessThanOrEqualTo(10);
      for (int i = 0; i < UPLOADS; i++) {
        String handle = uploads.get(i).join().handle().value();
        assertThat(emulator.sha256Of(handle).orElseThrow())
            .as(files.get(i).toString())
            .isEqualTo(TestData.sha256(files.get(i)));
      }
    }
  }
}
