package dev.graphupload.storage.redis;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.store.SessionStoreException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisHashCommands;
import io.lettuce.core.api.sync.RedisKeyCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.lettuce.core.api.sync.RedisStringCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's connection to Redis, whichever way Redis is set up: one server, the master a set of
 * Sentinels names, or a Redis Cluster (every master, keys routed by their slot, {@code SCAN} across
 * all of them). The store sees the same four command groups in each case.
 *
 * <p>A plain {@code redis://HOST:PORT} whose server says it runs in cluster mode ({@code INFO
 * cluster}) is reopened as a cluster with that node as the seed; {@code redis://H1:P1,H2:P2,…}
 * names several seed nodes of a cluster.
 */
final class RedisLink implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);

  final String where;
  final boolean cluster;
  final RedisKeyCommands<String, String> keys;
  final RedisStringCommands<String, String> strings;
  final RedisHashCommands<String, String> hashes;
  final RedisScriptingCommands<String, String> scripts;
  private final StatefulConnection<String, String> connection;
  private final AbstractRedisClient ownedClient;

  /** Of {@code commands}: a server's or a cluster's, which both have the four groups. */
  private <
          C extends
              RedisKeyCommands<String, String> & RedisStringCommands<String, String>
                  & RedisHashCommands<String, String> & RedisScriptingCommands<String, String>>
      RedisLink(
          String where,
          boolean cluster,
          C commands,
          StatefulConnection<String, String> connection,
          AbstractRedisClient ownedClient) {
    this.where = where;
    this.cluster = cluster;
    this.keys = commands;
    this.strings = commands;
    this.hashes = commands;
    this.scripts = commands;
    this.connection = connection;
    this.ownedClient = ownedClient;
  }

  /** Connects to the Redis the builder names, or through the client it was given. */
  static RedisLink open(RedisSessionStoreBuilder builder) {
    if (builder.client != null) {
      StatefulRedisConnection<String, String> c = connect(builder.client, "the given Redis client");
      return new RedisLink("the given Redis client", false, c.sync(), c, null);
    }
    List<RedisURI> seeds = seeds(builder.uri, builder.commandTimeout);
    if (seeds.size() > 1) {
      return cluster(seeds);
    }
    RedisURI uri = seeds.get(0);
    String where =
        uri.getSentinels().isEmpty()
            ? uri.getHost() + ":" + uri.getPort()
            : "the master '"
                + uri.getSentinelMasterId()
                + "' of the Sentinels at "
                + uri.getSentinels().stream()
                    .map(s -> s.getHost() + ":" + s.getPort())
                    .collect(Collectors.joining(", "));
    RedisClient client = RedisClient.create(uri);
    // while Redis is away, fail commands at once instead of queueing them until they time out
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    StatefulRedisConnection<String, String> c;
    try {
      c = connect(client, where);
    } catch (SessionStoreException e) {
      shutDown(client);
      throw e;
    }
    if (uri.getSentinels().isEmpty() && isClusterNode(c)) {
      c.close();
      shutDown(client);
      return cluster(seeds);
    }
    return new RedisLink(where, false, c.sync(), c, client);
  }

  private static StatefulRedisConnection<String, String> connect(RedisClient client, String where) {
    try {
      return client.connect();
    } catch (RedisException e) {
      throw unreachable(where, e);
    }
  }

  private static boolean isClusterNode(StatefulRedisConnection<String, String> c) {
    try {
      String info = c.sync().info("cluster");
      return info != null && info.contains("cluster_enabled:1");
    } catch (RedisException e) {
      return false; // INFO may be renamed or refused on a managed server
    }
  }

  private static RedisLink cluster(List<RedisURI> seeds) {
    String where =
        "the Redis Cluster seeded by "
            + seeds.stream()
                .map(s -> s.getHost() + ":" + s.getPort())
                .collect(Collectors.joining(", "));
    RedisClusterClient client = RedisClusterClient.create(seeds);
    client.setOptions(
        ClusterClientOptions.builder()
            // a node's connection opens with its first command: commands wait for it (up to the
            // command timeout) rather than being refused while it connects
            // a failover moves slots: the client learns the new masters on a MOVED or a lost
            // connection (adaptive refresh, on by default), and every 10 s besides
            .topologyRefreshOptions(
                ClusterTopologyRefreshOptions.builder()
                    .enablePeriodicRefresh(Duration.ofSeconds(10))
                    .build())
            .build());
    StatefulRedisClusterConnection<String, String> c;
    try {
      c = client.connect();
    } catch (RedisException e) {
      shutDown(client);
      throw unreachable(where, e);
    }
    RedisAdvancedClusterCommands<String, String> commands = c.sync();
    return new RedisLink(where, true, commands, c, client);
  }

  /**
   * The URIs {@code text} names: one, or for {@code redis://H1:P1,H2:P2,…} (and {@code rediss://})
   * one per seed node, each with the same credentials, database and options.
   */
  static List<RedisURI> seeds(String text, Duration timeout) {
    List<String> each = new ArrayList<>();
    int schemeEnd = text.indexOf("://");
    boolean plain = text.startsWith("redis://") || text.startsWith("rediss://");
    if (plain) {
      String scheme = text.substring(0, schemeEnd + 3);
      String rest = text.substring(schemeEnd + 3);
      int end = firstOf(rest, '/', '?');
      String authority = rest.substring(0, end);
      String tail = rest.substring(end);
      int at = authority.lastIndexOf('@');
      String user = at < 0 ? "" : authority.substring(0, at + 1);
      for (String host : authority.substring(at + 1).split(",", -1)) {
        each.add(scheme + user + host + tail);
      }
    } else {
      each.add(text);
    }
    List<RedisURI> uris = new ArrayList<>();
    for (String one : each) {
      RedisURI uri;
      try {
        uri = RedisURI.create(one);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Not a Redis URI (redis://HOST:PORT[/DB], redis://HOST:PORT,HOST:PORT for a cluster's"
                + " seed nodes, rediss://…, redis-sentinel://HOST:PORT#MASTER): "
                + e.getMessage());
      }
      uri.setTimeout(timeout);
      uris.add(uri);
    }
    return uris;
  }

  private static int firstOf(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    if (i < 0) {
      return j < 0 ? s.length() : j;
    }
    return j < 0 ? i : Math.min(i, j);
  }

  private static SessionStoreException unreachable(String where, RedisException e) {
    return new SessionStoreException(
        "Cannot reach Redis at "
            + where
            + " ("
            + RedisSessionStore.rootMessage(e)
            + "); no upload starts without its record and lease. Start Redis or fix the URI",
        FailureKind.FATAL,
        e);
  }

  @Override
  public void close() {
    connection.close();
    if (ownedClient != null) {
      shutDown(ownedClient);
    }
  }

  /**
   * Shuts a client of our own down, waiting a bounded time: the client's own {@code shutdown()}
   * waits without a limit, and after a failed first connection it was once seen never to return
   * (its event loops still winding down), which hung the caller for good.
   */
  private static void shutDown(AbstractRedisClient client) {
    try {
      client.shutdownAsync(0, 2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("The Redis client did not shut down within 5 s; leaving its threads behind", e);
    }
  }
}
