package dev.graphupload.storage.redis;

import dev.graphupload.core.store.SessionStore;
import dev.graphupload.testkit.SessionStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole store contract on a real Redis Cluster (three masters, three replicas), the store given
 * only one node's {@code redis://HOST:PORT}: it finds the cluster by itself.
 */
class RedisClusterContractTest extends SessionStoreContract {

  @TempDir static Path dir;
  private static TestRedisCluster cluster;
  private final List<RedisSessionStore> opened = new ArrayList<>();
  private String prefix;

  @BeforeAll
  static void startCluster() {
    cluster = new TestRedisCluster(dir);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Override
  protected SessionStore newStore(Clock clock) {
    prefix = "cluster-" + UUID.randomUUID() + ":";
    return open(clock);
  }

  @Override
  protected SessionStore anotherStoreOnTheSameStorage(Clock clock) {
    return open(clock);
  }

  private RedisSessionStore open(Clock clock) {
    RedisSessionStore store =
        RedisSessionStore.builder().uri(cluster.oneNode()).keyPrefix(prefix).clock(clock).build();
    opened.add(store);
    return store;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(RedisSessionStore::close);
  }
}
