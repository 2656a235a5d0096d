package dev.graphupload.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.GraphUploaderBuilder;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStoreException;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.testkit.TestData;
import dev.graphupload.testkit.TestRecords;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk and a read-only directory, made for real with small tmpfs mounts (which needs root;
 * without it these tests are skipped and say so). Also: the token is never written.
 */
class FileSessionStoreDiskTest {

  @TempDir Path dir;
  private TestDisk mounted;

  private Path tmpfs(String options) throws Exception {
    mounted = TestDisk.tmpfs(dir.resolve("mnt"), options);
    return mounted.path();
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted != null) {
      mounted.close();
    }
  }

  @Test
  void aFullDiskIsAnErrorThatSaysSo() throws Exception {
    Path disk = tmpfs("size=256k");
    FileSessionStore store = FileSessionStore.open(disk.resolve("sessions"));
    SessionRecord saved = store.save(TestRecords.record("a.mp4", Instant.now()));
    mounted.fill();

    assertThatThrownBy(() -> store.save(TestRecords.record("b.mp4", Instant.now())))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining("is full")
        .hasMessageContaining("progress on the server is kept");
    assertThat(store.find(saved.key())).contains(saved);
    try (Stream<Path> files = Files.list(store.directory())) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
    }
  }

  @Test
  void aReadOnlyDirectoryIsAnErrorThatSaysSo() throws Exception {
    Path disk = tmpfs("size=1m");
    FileSessionStore store = FileSessionStore.open(disk.resolve("sessions"));
    SessionRecord saved = store.save(TestRecords.record("a.mp4", Instant.now()));
    mounted.remount("ro");

    assertThatThrownBy(() -> store.save(saved))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining("is not writable");
    assertThat(store.find(saved.key())).contains(saved);
  }

  @Test
  void anUploadThatFillsTheDiskLosesNoProgressAndTheNextRunResumes() throws Exception {
    Path disk = tmpfs("size=256k");
    Path file = TestData.randomMp4(dir, 3_000_000, 5);
    try (GraphEmulator emulator =
            GraphEmulator.builder()
                .faults(FaultSettings.none().withCutAfterBytes(1_000_000))
                .build();
        JdkHttpTransport transport = JdkHttpTransport.create()) {
      FileSessionStore store = FileSessionStore.open(disk.resolve("sessions"));
      GraphUploaderBuilder uploader =
          GraphUploader.builder()
              .endpoint(emulator.baseUrl())
              .appId(AppId.of(emulator.appId()))
              .accessToken(AccessToken.of(emulator.token()))
              .transport(transport)
              .store(store)
              .retryPolicy(RetryPolicy.custom().initialBackoff(Duration.ofMillis(5)).build());
      UploadListener fillsTheDisk =
          new UploadListener() {
            @Override
            public void sessionCreated(SessionId sessionId) {
              try {
                mounted.fill();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            }
          };

      UploadResult first;
      try (GraphUploader up = uploader.build()) {
        first = up.upload(file, fillsTheDisk); // every later save fails: the upload goes on
      }
      emulator.faults(FaultSettings.none());
      Files.delete(disk.resolve("filler"));
      UploadResult second;
      try (GraphUploader up = uploader.build()) {
        second = up.upload(file);
      }

      assertThat(second.outcome())
          .as("the record still said 'in progress': the run resumed")
          .isEqualTo(UploadResult.Outcome.RESUMED);
      assertThat(second.bytesSent()).isZero();
      assertThat(second.handle()).isEqualTo(first.handle());
    }
  }

  @Test
  void theTokenIsWrittenNowhere() throws Exception {
    Path file = TestData.randomMp4(dir, 200_000, 6);
    Path sessions = dir.resolve("sessions");
    String token = "EAAG-FILE-STORE-SECRET-0123456789";
    try (GraphEmulator emulator = GraphEmulator.builder().tokens(token).build();
        JdkHttpTransport transport = JdkHttpTransport.create();
        GraphUploader uploader =
            GraphUploader.builder()
                .endpoint(emulator.baseUrl())
                .appId(AppId.of(emulator.appId()))
                .accessToken(AccessToken.of(token))
                .transport(transport)
                .store(FileSessionStore.open(sessions))
                .build()) {
      uploader.upload(file);
    }

    try (Stream<Path> files = Files.walk(sessions)) {
      assertThat(files.filter(Files::isRegularFile).toList())
          .isNotEmpty()
          .allSatisfy(f -> assertThat(Files.readString(f)).doesNotContain(token));
    }
  }
}
