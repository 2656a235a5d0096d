package dev.graphupload.storage.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.store.SessionStoreException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/**
 * A Redis Cluster node is refused when the store opens, with a message that says so and what works
 * instead — not with {@code MOVED} errors mid-upload.
 */
class RedisClusterRefusedTest {

  @TempDir Path dir;

  @Test
  void aClusterNodeIsRefusedAtOnceSayingWhatIsSupported() throws Exception {
    int port = TestRedis.freePort();
    RedisServer node =
        RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("cluster-enabled yes")
            .setting("cluster-config-file " + dir.resolve("nodes.conf"))
            .setting("appendonly no")
            .setting("save \"\"")
            .build();
    node.start();
    try {
      assertThatThrownBy(() -> RedisSessionStore.builder().uri("redis://127.0.0.1:" + port).build())
          .isInstanceOf(SessionStoreException.class)
          .hasMessageContaining("is a Redis Cluster node")
          .hasMessageContaining("redis-sentinel://")
          .satisfies(
              e -> assertThat(((SessionStoreException) e).kind()).isEqualTo(FailureKind.FATAL));
    } finally {
      node.stop();
    }
  }
}
