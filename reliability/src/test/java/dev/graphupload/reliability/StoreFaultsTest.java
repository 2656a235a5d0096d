package dev.graphupload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.storage.file.FileSessionStore;
import dev.graphupload.storage.file.TestDisk;
import dev.graphupload.storage.redis.RedisSessionStore;
import dev.graphupload.storage.redis.TestRedis;
import dev.graphupload.testkit.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store fails in the middle of an upload: the file store's disk fills up or turns read-only,
 * the Redis server goes away. The upload stops with an error that says so, the bytes the server
 * already holds stay there, and once the store is back the next run resumes from them.
 */
class StoreFaultsTest {

  private static final int LENGTH = 2 * 1024 * 1024;
  private static final int CHUNK = 256 * 1024;
  private static final String SECTION = "Store faults";

  @TempDir Path dir;
  private TestDisk mounted;

  @AfterAll
  static void writeFigures() {
    Figures.write();
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted != null) {
      mounted.close();
    }
  }

  @Test
  void aFullDiskStopsTheUploadAndTheNextRunResumes() throws Exception {
    Path disk = tmpfs("size=256k");
    storeFailsMidUpload(
        FileSessionStore.open(disk.resolve("sessions")),
        mounted::fill,
        () -> Files.delete(disk.resolve("filler")),
        () -> FileSessionStore.open(disk.resolve("sessions")),
        "is full",
        true);
  }

  @Test
  void aReadOnlyDirectoryStopsTheUploadAndTheNextRunResumes() throws Exception {
    Path disk = tmpfs("size=1m");
    storeFailsMidUpload(
        FileSessionStore.open(disk.resolve("sessions")),
        () -> mounted.remount("ro"),
        () -> mounted.remount("rw"),
        () -> FileSessionStore.open(disk.resolve("sessions")),
        "Read-only",
        // a file system with files open for writing (the store's lock) cannot be remounted
        // read-only, so only the run that starts on it is tried
        false);
  }

  @Test
  void redisGoingAwayStopsTheUploadAndTheNextRunResumes() throws Exception {
    int port = TestRedis.freePort();
    Path redisData = dir.resolve("redis");
    TestRedis[] redis = {TestRedis.embedded(port, redisData)};
    try {
      storeFailsMidUpload(
          redisStore(redis[0].url()),
          () -> redis[0].stop(),
          () -> redis[0] = TestRedis.embedded(port, redisData),
          () -> redisStore(redis[0].url()),
          "Redis",
          true);
    } finally {
      redis[0].close();
    }
  }

  private static SessionStore redisStore(String url) {
    return RedisSessionStore.builder()
        .uri(url)
        .keyPrefix("store-faults:")
        .commandTimeout(Duration.ofSeconds(2))
        .build();
  }

  /** Something done to the store from the test. */
  interface Step {
    void run() throws Exception;
  }

  /** Opens the store again once it is back, as a new process would. */
  interface Reopen {
    SessionStore open() throws Exception;
  }

  /**
   * Two runs meet the broken store. One is already uploading when it breaks: the server's offset is
   * the truth, so it finishes, and warns that it could not record its progress. The other starts
   * while the store is broken, after an earlier run stopped halfway: it either fails at once with
   * an error that names the problem, sending nothing, or (when the store can still be read) resumes
   * and finishes with the same warning. Once the store is mended, a run resumes from the server's
   * offset. No byte is lost, and none the server holds is sent again.
   */
  private void storeFailsMidUpload(
      SessionStore store, Step breakIt, Step mendIt, Reopen reopen, String named, boolean midUpload)
      throws Exception {
    try (Rig.Emulator graph = new Rig.Emulator(dir.resolve("graph"), Secrets.TOKEN);
        HttpTransport transport = Rig.Transport.JDK.create()) {
      if (midUpload) {
        Path file = TestData.randomMp4(dir, LENGTH, 1);
        long logBefore = logLength();
        try (GraphUploader uploader = uploader(graph, transport, store)) {
          UploadResult result = uploader.upload(file, after(2, breakIt));
          assertThat(graph.sha256(result)).isEqualTo(TestData.sha256(file));
          assertThat(result.bytesSent()).isEqualTo(LENGTH);
        }
        assertThat(logSince(logBefore))
            .as("the warning of the run that was uploading when the store broke")
            .contains("Could not record")
            .contains(named);
        Figures.add(SECTION, "uploads that went on past a store failure, with a warning", 1);
        mendIt.run();
        Rig.close(store);
        store = reopen.open();
      }

      // a run stops halfway with the store healthy, then the store breaks
      Path file = TestData.randomMp4(dir, LENGTH, 2);
      try (GraphUploader uploader = uploader(graph, transport, store)) {
        CountDownLatch halfway = new CountDownLatch(1);
        var running = uploader.uploadAsync(file, after(2, halfway::countDown));
        assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
        running.cancel(true);
      } finally {
        Rig.close(store);
      }
      breakIt.run();
      long kept = offsetOf(graph, file);
      assertThat(kept).as("bytes the server kept").isGreaterThanOrEqualTo(2L * CHUNK);

      SessionStore broken = reopenOrFail(reopen, named);
      if (broken != null) {
        long logBefore = logLength();
        try (GraphUploader uploader = uploader(graph, transport, broken)) {
          UploadResult result = uploader.upload(file);
          // the record could still be read: the run resumed, and warned that it could not write
          assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.RESUMED);
          assertThat(result.bytesSent()).isEqualTo(LENGTH - result.resumedFrom().value());
          assertThat(graph.sha256(result)).isEqualTo(TestData.sha256(file));
          assertThat(logSince(logBefore)).contains("Could not record").contains(named);
          Figures.add(SECTION, "runs that resumed on a broken store, with a warning", 1);
        } catch (GraphUploadException e) {
          System.out.println("store fault: " + e.getMessage());
          assertThat(Secrets.describe(e)).contains(named);
          Secrets.assertAbsent("the store failure", Secrets.describe(e));
          assertThat(offsetOf(graph, file)).as("nothing sent on a broken store").isEqualTo(kept);
          Figures.add(SECTION, "runs stopped at once by a broken store, with a clear error", 1);
        } finally {
          Rig.close(broken);
        }
      }

      mendIt.run();
      SessionStore again = reopen.open();
      try (GraphUploader uploader = uploader(graph, transport, again)) {
        UploadResult result = uploader.upload(file);
        if (result.outcome() != UploadResult.Outcome.ALREADY_UPLOADED) {
          assertThat(result.outcome())
              .as("the next run resumes")
              .isEqualTo(UploadResult.Outcome.RESUMED);
          assertThat(result.resumedFrom().value()).isGreaterThanOrEqualTo(kept);
          assertThat(result.bytesSent()).isEqualTo(LENGTH - result.resumedFrom().value());
        }
        assertThat(graph.sha256(result)).isEqualTo(TestData.sha256(file));
      } finally {
        Rig.close(again);
      }
      Figures.add(SECTION, "bytes lost", 0);
    }
  }

  private static GraphUploader uploader(
      Rig.Emulator graph, HttpTransport transport, SessionStore store) {
    return Rig.uploader(graph, Secrets.TOKEN, transport, store)
        .chunkPolicy(ChunkPolicy.fixed(CHUNK))
        .build();
  }

  /** Opens the broken store, or checks that opening it fails with an error naming the problem. */
  private static SessionStore reopenOrFail(Reopen reopen, String named) {
    try {
      return reopen.open();
    } catch (Exception e) {
      System.out.println("store fault on open: " + e.getMessage());
      assertThat(Secrets.describe(e)).contains(named);
      Figures.add(SECTION, "runs stopped at once by a broken store, with a clear error", 1);
      return null;
    }
  }

  private static long offsetOf(Rig.Emulator graph, Path file) {
    for (var session : graph.sessions()) {
      if (session.fileName().equals(file.getFileName().toString())) {
        return session.offset();
      }
    }
    throw new AssertionError("no session for " + file);
  }

  /** A listener that runs {@code step} once the server confirmed {@code chunks} chunks. */
  private static UploadListener after(int chunks, Step step) {
    AtomicBoolean done = new AtomicBoolean();
    return new UploadListener() {
      @Override
      public void bytesConfirmed(FileOffset offset, long length) {
        if (offset.value() >= (long) chunks * CHUNK && done.compareAndSet(false, true)) {
          try {
            step.run();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      }
    };
  }

  private static Path log() {
    return Path.of(System.getProperty("org.slf4j.simpleLogger.logFile"));
  }

  private static long logLength() throws IOException {
    return Files.exists(log()) ? Files.size(log()) : 0;
  }

  private static String logSince(long position) throws IOException {
    byte[] all = Files.readAllBytes(log());
    return new String(all, (int) position, all.length - (int) position, StandardCharsets.UTF_8);
  }

  private Path tmpfs(String options) throws Exception {
    mounted = TestDisk.tmpfs(dir.resolve("mnt"), options);
    return mounted.path();
  }
}
