package dev.graphupload.storage.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.AppId;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.LeaseLostException;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.transport.Endpoints;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.testkit.TestData;
import dev.graphupload.testkit.TestRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on a real Redis Cluster: keys spread over the masters, and a master killed. */
class RedisClusterTest {

  @TempDir Path dir;
  private TestRedisCluster cluster;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final String prefix = "cluster-" + UUID.randomUUID() + ":";

  @BeforeEach
  void start() {
    cluster = new TestRedisCluster(dir.resolve("cluster"));
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    cluster.close();
  }

  private RedisSessionStore store(String uri, Duration lease) {
    RedisSessionStore store =
        RedisSessionStore.builder()
            .uri(uri)
            .keyPrefix(prefix)
            .leaseTime(lease)
            .renewInterval(lease.dividedBy(4))
            .commandTimeout(Duration.ofSeconds(1))
            .build();
    closing.add(store);
    return store;
  }

  @Test
  void oneNodesUriOpensTheWholeClusterAndListSeesEveryMaster() {
    RedisSessionStore store = store(cluster.oneNode(), Duration.ofSeconds(30));
    List<SessionRecord> saved = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      saved.add(store.save(TestRecords.record("clip-" + i + ".mp4", Instant.now())));
    }

    assertThat(cluster.keysPerMaster())
        .as("the records are spread over the three masters, each reached by its slot")
        .hasSize(3)
        .allSatisfy(n -> assertThat(n).isPositive());
    assertThat(store.list())
        .extracting(SessionRecord::key)
        .containsExactlyInAnyOrderElementsOf(saved.stream().map(SessionRecord::key).toList());
    assertThat(store.toString()).contains("the Redis Cluster seeded by 127.0.0.1:");
    // several seed nodes name the same cluster
    assertThat(store(cluster.seeds(), Duration.ofSeconds(30)).list()).hasSize(30);
  }

  @Test
  void aMasterKilledMidUploadIsReplacedAndTheUploadGoesOnOrStopsAndTheRerunResumes()
      throws Exception {
    GraphEmulator emulator =
        GraphEmulator.builder().faults(FaultSettings.none().withBandwidth(2_000_000)).build();
    closing.add(emulator);
    Path file = TestData.randomMp4(dir, 10_000_000, 5);
    UploadKey key =
        UploadKey.of(Endpoints.baseUrl(emulator.baseUrl()), AppId.of(emulator.appId()), file);
    int owner = cluster.masterOf(prefix + "{" + key.value() + "}:record");

    CompletableFuture<UploadResult> upload =
        uploader(emulator, store(cluster.oneNode(), Duration.ofSeconds(6))).uploadAsync(file);
    assertThat(emulator.awaitReceived(1_000_000, Duration.ofSeconds(30))).isTrue();
    cluster.killMaster(owner); // the master holding this upload's record and lease
    cluster.awaitFailover();

    UploadResult result;
    try {
      result = upload.get(120, TimeUnit.SECONDS);
      System.out.println("cluster failover: the upload went on through it");
    } catch (ExecutionException e) {
      System.out.println("cluster failover: the upload stopped (" + e.getCause() + ")");
      // replication is asynchronous: a lease the dead master had not passed on is gone, and the
      // holder stops rather than risk a second worker; the rerun resumes from the server
      assertThat(e.getCause()).isInstanceOf(LeaseLostException.class);
      emulator.faults(FaultSettings.none());
      result = uploader(emulator, store(cluster.oneNode(), Duration.ofSeconds(6))).upload(file);
      assertThat(result.outcome())
          .isIn(UploadResult.Outcome.RESUMED, UploadResult.Outcome.UPLOADED);
    }
    assertThat(emulator.sha256Of(result.handle().value())).contains(TestData.sha256(file));
  }

  private GraphUploader uploader(GraphEmulator emulator, RedisSessionStore store) {
    GraphUploader uploader = QuickRetries.uploader(emulator, store, Duration.ofSeconds(15));
    closing.add(uploader);
    return uploader;
  }
}
