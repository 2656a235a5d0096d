package dev.graphupload.storage.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A real Redis for the tests: the one at {@code REDIS_URL} when set, otherwise a redis-server
 * started from the test classpath (embedded-redis) on a free loopback port. Shared with the
 * reliability suite through this module's test jar.
 */
public final class TestRedis implements AutoCloseable {

  private final RedisServer server;
  private final int port;
  private final String url;

  private TestRedis(RedisServer server, int port, String url) {
    this.server = server;
    this.port = port;
    this.url = url;
  }

  /** The shared Redis: REDIS_URL, or an embedded one. */
  public static TestRedis shared() {
    String url = System.getenv("REDIS_URL");
    return url != null && !url.isBlank()
        ? new TestRedis(null, -1, url)
        : embedded(freePort(), null);
  }

  /**
   * An embedded server this test controls (stop, restart), persisting to {@code dataDir} if given.
   */
  public static TestRedis embedded(int port, Path dataDir) {
    try {
      var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"");
      if (dataDir != null) {
        Files.createDirectories(dataDir);
        builder.setting("appendonly yes").setting("appendfsync always").setting("dir " + dataDir);
      } else {
        builder.setting("appendonly no");
      }
      RedisServer server = builder.build();
      server.start();
      return new TestRedis(server, port, "redis://127.0.0.1:" + port);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the embedded redis-server: " + e.getMessage(), e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return url;
  }

  public int port() {
    return port;
  }

  public void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      stop();
    }
  }
}
