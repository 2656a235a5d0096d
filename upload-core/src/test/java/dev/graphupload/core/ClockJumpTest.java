package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.store.InMemorySessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wall clock set back or forth under a running upload (an NTP step, a resumed VM, a person
 * fixing the date): durations are measured on the monotonic ticker, so neither a send's timing nor
 * the retry time limit notices.
 */
class ClockJumpTest {

  @TempDir Path dir;

  private final TestClock clock = new TestClock();
  private final InMemorySessionStore store = new InMemorySessionStore(clock);
  private final FakeGraphServer server = TestUploaders.server();

  /** Jumps the wall clock once, when the first body bytes leave. */
  private UploadListener jumpingOnFirstBytes(Duration by) {
    AtomicBoolean jumped = new AtomicBoolean();
    return new UploadListener() {
      @Override
      public void bytesSent(long position, long length) {
        if (jumped.compareAndSet(false, true)) {
          clock.jump(by);
        }
      }

      @Override
      public void retrying(GraphUploadException failure, Duration delay, int attempt) {
        if (jumped.compareAndSet(false, true)) {
          clock.jump(by);
        }
      }
    };
  }

  @Test
  void theWallClockSetBackAnHourMidSendLeavesTheUploadWhole() throws Exception {
    Path file = TestFiles.mp4(dir, 4_000, 90);
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock).chunkPolicy(ChunkPolicy.fixed(1_000)).build()) {
      UploadResult result = uploader.upload(file, jumpingOnFirstBytes(Duration.ofHours(-1)));

      assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
      assertThat(result.elapsed()).isBetween(Duration.ZERO, Duration.ofMinutes(1));
    }
  }

  @Test
  void theWallClockSetForwardAnHourWhileRetryingKeepsTheRealRetryLimit() throws Exception {
    Path file = TestFiles.mp4(dir, 3_000, 91);
    server.script(
        List.of(
            new Fault.None(), new Fault.CutAfter(500), new Fault.CutAfter(0), new Fault.None()));
    try (GraphUploader uploader =
        TestUploaders.builder(server, store, clock)
            .retryPolicy(
                TestUploaders.patientRetries().toBuilder()
                    .maxElapsed(Duration.ofMinutes(10))
                    .build())
            .build()) {
      UploadResult result = uploader.upload(file, jumpingOnFirstBytes(Duration.ofHours(1)));

      assertThat(server.bytesOf(result.sessionId())).isEqualTo(Files.readAllBytes(file));
      assertThat(result.elapsed()).isLessThan(Duration.ofMinutes(10));
    }
  }
}
