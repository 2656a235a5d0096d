package dev.graphupload.storage.redis;

import dev.graphupload.core.store.SessionStore;
import dev.graphupload.testkit.SessionStoreContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import redis.embedded.RedisSentinel;

/**
 * The whole store contract through Sentinel: a real redis-server as the master, a real Sentinel
 * watching it, and the store given only {@code redis-sentinel://…#graph-upload}.
 */
class RedisSentinelContractTest extends SessionStoreContract {

  private static TestRedis master;
  private static RedisSentinel sentinel;
  private static String url;
  private final List<RedisSessionStore> opened = new ArrayList<>();
  private String prefix;

  @BeforeAll
  static void startMasterAndSentinel() throws IOException {
    master = TestRedis.embedded(TestRedis.freePort(), null);
    int sentinelPort = TestRedis.freePort();
    sentinel =
        RedisSentinel.newRedisSentinel()
            .bind("127.0.0.1")
            .port(sentinelPort)
            .masterName("graph-upload")
            .masterPort(master.port())
            .quorumSize(1)
            .build();
    sentinel.start();
    url = "redis-sentinel://127.0.0.1:" + sentinelPort + "#graph-upload";
  }

  @AfterAll
  static void stop() {
    try {
      sentinel.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      master.close();
    }
  }

  @Override
  protected SessionStore newStore(Clock clock) {
    prefix = "sentinel-" + UUID.randomUUID() + ":";
    return open(clock);
  }

  @Override
  protected SessionStore anotherStoreOnTheSameStorage(Clock clock) {
    return open(clock);
  }

  private RedisSessionStore open(Clock clock) {
    RedisSessionStore store =
        RedisSessionStore.builder().uri(url).keyPrefix(prefix).clock(clock).build();
    opened.add(store);
    return store;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(RedisSessionStore::close);
  }
}
