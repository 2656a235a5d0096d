package dev.graphupload.storage.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.LeaseLostException;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.testkit.TestData;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;

/**
 * A Sentinel failover under a running upload: a real master, its real replica and a real Sentinel;
 * the master is killed mid-upload, the Sentinel promotes the replica, and the store (given only
 * {@code redis-sentinel://…#graph-upload}) follows it.
 */
class RedisSentinelFailoverTest {

  @TempDir Path dir;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final RedisClient admin = RedisClient.create();

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    admin.shutdown();
  }

  @Test
  void aMasterKilledMidUploadIsReplacedAndTheUploadGoesOnOrStopsAndTheRerunResumes()
      throws Exception {
    TestRedis master = TestRedis.embedded(TestRedis.freePort(), null);
    closing.add(master);
    int replicaPort = TestRedis.freePort();
    RedisServer replica =
        RedisServer.newRedisServer()
            .port(replicaPort)
            .bind("127.0.0.1")
            .setting("replicaof 127.0.0.1 " + master.port())
            .setting("appendonly no")
            .setting("save \"\"")
            .build();
    replica.start();
    closing.add(replica::stop);
    RedisCommands<String, String> onMaster =
        admin.connect(RedisURI.create("127.0.0.1", master.port())).sync();
    RedisCommands<String, String> onReplica =
        admin.connect(RedisURI.create("127.0.0.1", replicaPort)).sync();
    await(() -> onMaster.info("replication").contains("connected_slaves:1"), "the replica");
    int sentinelPort = TestRedis.freePort();
    RedisSentinel sentinel =
        RedisSentinel.newRedisSentinel()
            .bind("127.0.0.1")
            .port(sentinelPort)
            .masterName("graph-upload")
            .masterPort(master.port())
            .quorumSize(1)
            .downAfterMilliseconds(1000)
            .failOverTimeout(5000)
            .build();
    sentinel.start();
    closing.add(sentinel::stop);
    String url = "redis-sentinel://127.0.0.1:" + sentinelPort + "#graph-upload";

    GraphEmulator emulator =
        GraphEmulator.builder().faults(FaultSettings.none().withBandwidth(2_000_000)).build();
    closing.add(emulator);
    Path file = TestData.randomMp4(dir, 12_000_000, 6);
    CompletableFuture<UploadResult> upload = uploader(emulator, url).uploadAsync(file);
    assertThat(emulator.awaitReceived(1_000_000, Duration.ofSeconds(30))).isTrue();

    master.stop(); // mid-file
    await(() -> onReplica.info("replication").contains("role:master"), "the Sentinel failover");

    UploadResult result;
    try {
      result = upload.get(120, TimeUnit.SECONDS);
      System.out.println("sentinel failover: the upload went on through it");
    } catch (ExecutionException e) {
      // a lease the dead master had not replicated is gone from the new one: the holder stops
      // rather than risk a second worker, and the rerun resumes from the server's offset
      System.out.println("sentinel failover: the upload stopped (" + e.getCause() + ")");
      assertThat(e.getCause()).isInstanceOf(LeaseLostException.class);
      emulator.faults(FaultSettings.none());
      result = uploader(emulator, url).upload(file);
    }
    assertThat(emulator.sha256Of(result.handle().value())).contains(TestData.sha256(file));
  }

  /**
   * Polls a server's state until {@code ready}, within 30 s; a connection the Sentinel kills while
   * it reconfigures a server is reopened.
   */
  private static void await(BooleanSupplier ready, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!isReady(ready)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("Timed out waiting for " + what);
      }
      LockSupport.parkNanos(20_000_000);
    }
  }

  private static boolean isReady(BooleanSupplier ready) {
    try {
      return ready.getAsBoolean();
    } catch (RedisException e) {
      return false;
    }
  }

  private GraphUploader uploader(GraphEmulator emulator, String url) {
    RedisSessionStore store =
        RedisSessionStore.builder()
            .uri(url)
            .leaseTime(Duration.ofSeconds(6))
            .renewInterval(Duration.ofMillis(1500))
            .commandTimeout(Duration.ofSeconds(1))
            .build();
    closing.add(store);
    GraphUploader uploader = QuickRetries.uploader(emulator, store, Duration.ofSeconds(15));
    closing.add(uploader);
    return uploader;
  }
}
