package dev.graphupload.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.storage.file.TestDisk;
import dev.graphupload.testkit.TestData;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator's disk fills mid-upload, then has room again: the upload resumes, and the checksum
 * the emulator reports is that of the bytes it kept — which are the file's. (It once added the
 * bytes of a failed write to its running checksum, and reported another SHA-256.)
 */
class EmulatorFullDiskTest {

  private static final String TOKEN = "EAAG-EMULATOR-DISK-TOKEN-0123456789";

  @TempDir Path dir;

  @Test
  void theChecksumAfterAFullDiskIsThatOfTheBytesKept() throws Exception {
    Path file = TestData.randomMp4(dir, 3_000_000, 5);
    try (TestDisk disk = TestDisk.tmpfs(dir.resolve("mnt"), "size=8m");
        GraphEmulator emulator =
            GraphEmulator.builder()
                .tokens(TOKEN)
                .dataDirectory(disk.path().resolve("data"))
                .build();
        JdkHttpTransport transport = JdkHttpTransport.create()) {
      InMemorySessionStore store = new InMemorySessionStore();
      AtomicReference<Path> filler = new AtomicReference<>();
      UploadListener fillAfterTheFirstChunk =
          new UploadListener() {
            @Override
            public void bytesConfirmed(FileOffset offset, long length) {
              if (filler.get() == null) {
                try {
                  filler.set(disk.fill()); // the disk is full before the next chunk
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            }
          };
      try (GraphUploader uploader = uploader(emulator, transport, store)) {
        assertThatThrownBy(() -> uploader.upload(file, fillAfterTheFirstChunk))
            .as("the emulator cannot keep the bytes");
      }
      assertThat(filler.get()).as("the disk was filled mid-upload").isNotNull();
      Files.delete(filler.get()); // room again

      UploadResult result;
      try (GraphUploader uploader = uploader(emulator, transport, store)) {
        result = uploader.upload(file);
      }

      assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.RESUMED);
      assertThat(emulator.sha256Of(result.handle().value())).contains(TestData.sha256(file));
    }
  }

  private static GraphUploader uploader(
      GraphEmulator emulator, JdkHttpTransport transport, InMemorySessionStore store) {
    return GraphUploader.builder()
        .endpoint(emulator.baseUrl())
        .appId(AppId.of(emulator.appId()))
        .accessToken(AccessToken.of(TOKEN))
        .transport(transport)
        .store(store)
        .chunkPolicy(ChunkPolicy.fixed(1 << 20))
        .retryPolicy(
            RetryPolicy.custom()
                .maxAttempts(2)
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(5))
                .build())
        .build();
  }
}
