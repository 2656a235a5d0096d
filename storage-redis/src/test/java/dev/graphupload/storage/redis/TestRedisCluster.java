package dev.graphupload.storage.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import redis.embedded.RedisServer;

/**
 * A real Redis Cluster for the tests: three masters, each with one replica, every node a
 * redis-server from the test classpath in cluster mode on a loopback port. The slots are split in
 * three and the nodes meet, as {@code redis-cli --cluster create} would do; a master killed is
 * replaced by its replica within about a second ({@code cluster-node-timeout 1000}).
 */
final class TestRedisCluster implements AutoCloseable {

  private static final int SLOTS = 16384;

  private final List<RedisServer> servers = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final RedisClient admin = RedisClient.create();

  TestRedisCluster(Path dir) {
    try {
      for (int i = 0; i < 6; i++) {
        int port = TestRedis.freePort();
        Path data = Files.createDirectories(dir.resolve("node-" + port));
        RedisServer server =
            RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("cluster-enabled yes")
                .setting("cluster-config-file " + data.resolve("nodes.conf"))
                .setting("cluster-node-timeout 1000")
                .setting("dir " + data)
                .setting("appendonly no")
                .setting("save \"\"")
                .build();
        server.start();
        servers.add(server);
        ports.add(port);
      }
      form();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("Cannot start the Redis Cluster: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private RedisCommands<String, String> node(int i) {
    StatefulRedisConnection<String, String> c =
        admin.connect(RedisURI.create("127.0.0.1", ports.get(i)));
    return c.sync();
  }

  private void form() {
    for (int m = 0; m < 3; m++) {
      int from = m * SLOTS / 3;
      int to = (m + 1) * SLOTS / 3;
      node(m).clusterAddSlots(IntStream.range(from, to).toArray());
    }
    for (int i = 1; i < 6; i++) {
      node(i).clusterMeet("127.0.0.1", ports.get(0));
    }
    awaitEveryNode(n -> n.clusterNodes().lines().count() == 6, "the six nodes to know each other");
    for (int r = 3; r < 6; r++) {
      node(r).clusterReplicate(node(r - 3).clusterMyId());
    }
    awaitEveryNode(
        n -> n.clusterInfo().contains("cluster_state:ok"), "the cluster to cover every slot");
  }

  private void awaitEveryNode(
      java.util.function.Predicate<RedisCommands<String, String>> ready, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (int i = 0; i < servers.size(); i++) {
      if (!servers.get(i).isActive()) {
        continue;
      }
      RedisCommands<String, String> n = node(i);
      while (!ready.test(n)) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("Timed out waiting for " + what);
        }
        LockSupport.parkNanos(20_000_000); // a poll of the servers' state, within the deadline
      }
    }
  }

  /** One node's {@code redis://} URI: the store must find the rest itself. */
  String oneNode() {
    return "redis://127.0.0.1:" + ports.get(0);
  }

  /** The three masters as seed nodes. */
  String seeds() {
    return "redis://127.0.0.1:"
        + ports.get(0)
        + ",127.0.0.1:"
        + ports.get(1)
        + ",127.0.0.1:"
        + ports.get(2);
  }

  /** How many keys each master holds: a cluster spreads them. */
  List<Long> keysPerMaster() {
    List<Long> counts = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      counts.add(servers.get(m).isActive() ? node(m).dbsize() : 0L);
    }
    return counts;
  }

  /** The master that owns {@code key}'s slot (0, 1 or 2 — as first formed). */
  int masterOf(String key) {
    int slot = io.lettuce.core.cluster.SlotHash.getSlot(key);
    return slot * 3 / SLOTS;
  }

  /** Kills master {@code m}; its replica takes over once the others mark it failed. */
  void killMaster(int m) {
    try {
      servers.get(m).stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until a replica has taken over every slot of the killed master. */
  void awaitFailover() {
    awaitEveryNode(
        n -> n.clusterInfo().contains("cluster_state:ok"), "a replica to replace the master");
  }

  @Override
  public void close() {
    for (RedisServer server : servers) {
      try {
        if (server.isActive()) {
          server.stop();
        }
      } catch (IOException e) {
        // the next one still stops
      }
    }
    admin.shutdown();
  }
}
