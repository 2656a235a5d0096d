package dev.graphupload.storage.redis;

import dev.graphupload.core.store.SessionStore;
import dev.graphupload.testkit.SessionStoreContract;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

class RedisSessionStoreContractTest extends SessionStoreContract {

  private static TestRedis redis;
  private final List<RedisSessionStore> opened = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.shared();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  private String prefix;

  @Override
  protected SessionStore newStore(Clock clock) {
    prefix = "contract-" + UUID.randomUUID() + ":";
    return open(clock);
  }

  @Override
  protected SessionStore anotherStoreOnTheSameStorage(Clock clock) {
    return open(clock); // the same prefix, another client and owner: as another machine
  }

  private RedisSessionStore open(Clock clock) {
    RedisSessionStore store =
        RedisSessionStore.builder().uri(redis.url()).keyPrefix(prefix).clock(clock).build();
    opened.add(store);
    return store;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(RedisSessionStore::close);
  }
}
