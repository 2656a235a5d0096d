package dev.graphupload.storage.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.AppId;
import dev.graphupload.core.BatchOptions;
import dev.graphupload.core.BatchResult;
import dev.graphupload.core.BatchUpload;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.LeaseLostException;
import dev.graphupload.core.store.LockLoss;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStoreException;
import dev.graphupload.core.store.UploadLock;
import dev.graphupload.core.store.UploadLockedException;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.testkit.MutableClock;
import dev.graphupload.testkit.TestData;
import dev.graphupload.testkit.TestRecords;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases across workers, and Redis trouble, with real redis-server processes. */
class RedisLeaseTest {

  @TempDir Path dir;
  private GraphEmulator emulator;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final String prefix = "lease-" + UUID.randomUUID() + ":";

  @BeforeEach
  void start() {
    emulator = GraphEmulator.builder().build();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    emulator.close();
  }

  private RedisSessionStore store(String url, Duration lease) {
    RedisSessionStore store =
        RedisSessionStore.builder()
            .uri(url)
            .keyPrefix(prefix)
            .leaseTime(lease)
            .renewInterval(lease.dividedBy(4))
            .commandTimeout(Duration.ofSeconds(1))
            .build();
    closing.add(store);
    return store;
  }

  private GraphUploader uploader(RedisSessionStore store, Duration lockWait) {
    GraphUploader uploader = QuickRetries.uploader(emulator, store, lockWait);
    closing.add(uploader);
    return uploader;
  }

  private String sha256At(UploadResult result) {
    return emulator.sha256Of(result.handle().value()).orElseThrow();
  }

  private long serverOffset() {
    var sessions = emulator.sessions();
    return sessions.isEmpty() ? 0 : sessions.get(0).offset();
  }

  @Test
  void ofTwoWorkersGivenTheSameFileExactlyOneUploads() throws Exception {
    try (TestRedis redis = TestRedis.shared()) {
      emulator.faults(FaultSettings.none().withBandwidth(4_000_000));
      Path file = TestData.randomMp4(dir, 8_000_000, 1);
      GraphUploader first = uploader(store(redis.url(), Duration.ofSeconds(10)), Duration.ZERO);
      GraphUploader second = uploader(store(redis.url(), Duration.ofSeconds(10)), Duration.ZERO);

      CompletableFuture<UploadResult> a = first.uploadAsync(file);
      CompletableFuture<UploadResult> b = second.uploadAsync(file);

      List<Throwable> failures = new ArrayList<>();
      List<UploadResult> done = new ArrayList<>();
      for (CompletableFuture<UploadResult> f : List.of(a, b)) {
        try {
          done.add(f.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        }
      }
      assertThat(done).hasSize(1);
      assertThat(failures).singleElement().isInstanceOf(UploadLockedException.class);
      assertThat(sha256At(done.get(0))).isEqualTo(TestData.sha256(file));
    }
  }

  @Test
  void aPausedOwnerThatLostItsLeaseCannotWrite() throws Exception {
    try (TestRedis redis = TestRedis.shared()) {
      RedisSessionStore owner = store(redis.url(), Duration.ofMillis(800));
      RedisSessionStore other = store(redis.url(), Duration.ofSeconds(10));
      SessionRecord record = TestRecords.record("paused.mp4", Instant.now());
      UploadLock lease = owner.tryLock(record.key()).orElseThrow();
      SessionRecord saved = owner.save(record);

      ((RedisLease) lease).pauseRenewals(); // as if the process were frozen
      Thread.sleep(1_200);
      Optional<UploadLock> taken = other.tryLock(record.key());

      assertThat(taken).isPresent();
      assertThat(lease.isHeld()).isFalse();
      assertThatThrownBy(() -> owner.save(saved))
          .isInstanceOf(LeaseLostException.class)
          .hasMessageContaining("refused");
      assertThat(other.save(saved).revision()).isEqualTo(2);
    }
  }

  @Test
  void anotherWorkerTakesOverFromAKilledOneAndResumes() throws Exception {
    try (TestRedis redis = TestRedis.shared()) {
      emulator.faults(FaultSettings.none().withBandwidth(2_000_000));
      Path file = TestData.randomMp4(dir, 12_000_000, 2);
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              System.getProperty("java.class.path"),
              RedisUploadChild.class.getName(),
              redis.url(),
              emulator.baseUrl().toString(),
              emulator.appId(),
              emulator.token(),
              file.toString(),
              "2000");
      Process child =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(emulator.awaitReceived(1_000_000, Duration.ofSeconds(30)))
          .as("the child got going")
          .isTrue();

      child.destroyForcibly(); // SIGKILL: its lease stays until it expires
      child.waitFor(30, TimeUnit.SECONDS);
      emulator.faults(FaultSettings.none());
      // the child used the default prefix
      RedisSessionStore store =
          RedisSessionStore.builder()
              .uri(redis.url())
              .leaseTime(Duration.ofSeconds(10))
              .renewInterval(Duration.ofSeconds(2))
              .build();
      closing.add(store);
      long started = System.nanoTime();
      UploadResult result = uploader(store, Duration.ofSeconds(30)).upload(file);

      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("waited for the dead worker's lease")
          .isGreaterThan(Duration.ofMillis(500));
      assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.RESUMED);
      assertThat(result.bytesSent()).isLessThan(12_000_000);
      assertThat(sha256At(result)).isEqualTo(TestData.sha256(file));
    }
  }

  @Test
  void anUploadCarriesOnThroughARedisRestart() throws Exception {
    int port = TestRedis.freePort();
    TestRedis redis = TestRedis.embedded(port, dir.resolve("redis-data"));
    try {
      emulator.faults(FaultSettings.none().withBandwidth(4_000_000));
      Path file = TestData.randomMp4(dir, 12_000_000, 3);
      CompletableFuture<UploadResult> upload =
          uploader(store(redis.url(), Duration.ofSeconds(10)), Duration.ZERO).uploadAsync(file);
      assertThat(emulator.awaitReceived(1_000_000, Duration.ofSeconds(30))).isTrue();

      redis.stop();
      assertThat(emulator.awaitReceived(3_000_000, Duration.ofSeconds(30)))
          .as("the upload goes on while Redis is away")
          .isTrue();
      redis = TestRedis.embedded(port, dir.resolve("redis-data"));

      UploadResult result = upload.get(60, TimeUnit.SECONDS);
      assertThat(sha256At(result)).isEqualTo(TestData.sha256(file));
    } finally {
      redis.close();
    }
  }

  @Test
  void redisGoneLongerThanTheLeaseStopsTheUploadCleanlyAndTheNextRunResumes() throws Exception {
    int port = TestRedis.freePort();
    TestRedis redis = TestRedis.embedded(port, dir.resolve("redis-data"));
    try {
      emulator.faults(FaultSettings.none().withBandwidth(2_000_000));
      Path file = TestData.randomMp4(dir, 20_000_000, 4);
      CompletableFuture<UploadResult> upload =
          uploader(store(redis.url(), Duration.ofSeconds(2)), Duration.ZERO).uploadAsync(file);
      assertThat(emulator.awaitReceived(1_000_000, Duration.ofSeconds(30))).isTrue();

      redis.stop();

      assertThatThrownBy(() -> upload.get(30, TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              LeaseLostException.class,
              lost -> {
                assertThat(lost.lossCause()).isEqualTo(LockLoss.Cause.STORE_UNREACHABLE);
                assertThat(lost.getMessage())
                    .as("says what happened and for how long, not that another upload holds it")
                    .containsPattern(
                        "Redis at 127\\.0\\.0\\.1:\\d+ was unreachable for \\d+\\.\\d s")
                    .doesNotContain("holds");
              });
      long held = serverOffset();
      assertThat(held).as("bytes the server kept").isPositive();
      redis = TestRedis.embedded(port, dir.resolve("redis-data"));
      emulator.faults(FaultSettings.none());

      // the old lease, persisted, runs out within its 2 s: the uploader waits for it
      UploadResult result =
          uploader(store(redis.url(), Duration.ofSeconds(10)), Duration.ofSeconds(10)).upload(file);

      assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.RESUMED);
      // from at least what the server kept: bytesSent may exceed the rest when the first run's
      // last bytes were still arriving as this one began (a mismatch, then a resend from there)
      assertThat(result.resumedFrom().value()).isGreaterThanOrEqualTo(held);
      assertThat(sha256At(result)).isEqualTo(TestData.sha256(file));
    } finally {
      redis.close();
    }
  }

  @Test
  void aLeaseThatVanishesMidUploadIsSaidSoAndTheBatchSendsTheFileAgainNotAsTakenOver()
      throws Exception {
    try (TestRedis redis = TestRedis.shared();
        RedisClient client = RedisClient.create(redis.url());
        var connection = client.connect()) {
      emulator.faults(FaultSettings.none().withBandwidth(2_000_000));
      Path file = TestData.randomMp4(dir, 6_000_000, 7);
      List<GraphUploadException> deferred = new CopyOnWriteArrayList<>();
      BatchUpload batch =
          uploader(store(redis.url(), Duration.ofSeconds(2)), Duration.ZERO)
              .uploadAllAsync(
                  List.of(file),
                  BatchOptions.defaults()
                      .batchListener(
                          new BatchOptions.BatchListener() {
                            @Override
                            public void deferred(Path f, GraphUploadException why) {
                              deferred.add(why);
                            }
                          }));
      assertThat(emulator.awaitReceived(1_000_000, Duration.ofSeconds(30))).isTrue();

      // what a Redis restarted without its data looks like to the holder: its keys are gone
      List<String> keys = connection.sync().keys(prefix + "*");
      assertThat(keys).isNotEmpty();
      connection.sync().del(keys.toArray(String[]::new));

      List<BatchResult> results = batch.results().get(90, TimeUnit.SECONDS);
      assertThat(deferred)
          .singleElement()
          .isInstanceOfSatisfying(
              LeaseLostException.class,
              lost -> {
                assertThat(lost.lossCause()).isEqualTo(LockLoss.Cause.VANISHED);
                assertThat(lost.getMessage())
                    .contains("is gone from Redis")
                    .contains("though no one took it")
                    .contains("sends the file anew");
              });
      assertThat(results)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.status())
                    .as("the record went with the lease: a new upload, not one taken over")
                    .isEqualTo(BatchResult.Status.UPLOADED);
                assertThat(sha256At(r.result().orElseThrow())).isEqualTo(TestData.sha256(file));
              });
    }
  }

  @Test
  void aHolderWhoseWallClockGoesBackAnHourStopsWithinItsLeaseWhenRedisIsGone() throws Exception {
    int port = TestRedis.freePort();
    TestRedis redis = TestRedis.embedded(port, dir.resolve("redis-jump"));
    try {
      MutableClock wall = new MutableClock(Instant.now());
      Duration lease = Duration.ofSeconds(2);
      RedisSessionStore store =
          RedisSessionStore.builder()
              .uri(redis.url())
              .keyPrefix(prefix)
              .leaseTime(lease)
              .renewInterval(Duration.ofMillis(250))
              .commandTimeout(Duration.ofMillis(250))
              .clock(wall)
              .build();
      closing.add(store);
      long taken = System.nanoTime();
      UploadLock lock =
          store
              .tryLock(UploadKey.of(emulator.baseUrl(), AppId.of("1"), dir.resolve("a.mp4")))
              .orElseThrow();
      CountDownLatch lost = new CountDownLatch(1);
      lock.onLost(lost::countDown);

      wall.advance(Duration.ofHours(-1)); // an NTP step, a person fixing the date
      redis.stop();

      assertThat(lost.await(10, TimeUnit.SECONDS)).as("the holder lets go").isTrue();
      assertThat(lock.isHeld()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - taken))
          .as("it stops within its lease, plus one renewal's try")
          .isLessThan(lease.plusMillis(250 + 250 + 500));
    } finally {
      redis.close();
    }
  }

  @Test
  void anUnreachableRedisIsAClearErrorBeforeAnyUpload() {
    int port = TestRedis.freePort();

    assertThatThrownBy(() -> RedisSessionStore.builder().uri("redis://127.0.0.1:" + port).build())
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining("Cannot reach Redis at 127.0.0.1:" + port)
        .isInstanceOf(GraphUploadException.class);
  }
}
