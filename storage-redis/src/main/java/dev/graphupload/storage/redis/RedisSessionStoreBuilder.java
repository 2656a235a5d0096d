package dev.graphupload.storage.redis;

import dev.graphupload.core.Ticker;
import dev.graphupload.core.store.SessionStoreException;
import io.lettuce.core.RedisClient;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/** Configures a {@link RedisSessionStore}; each value is checked as it is set. Not thread safe. */
public final class RedisSessionStoreBuilder {
  String uri;
  RedisClient client;
  String prefix = "graph-upload:";
  Duration leaseTime = Duration.ofSeconds(30);
  Duration renewInterval = Duration.ofSeconds(10);
  Duration commandTimeout = Duration.ofSeconds(5);
  Clock clock = Clock.systemUTC();
  Ticker ticker = Ticker.system();
  String owner =
      ManagementFactory.getRuntimeMXBean().getName()
          + ":"
          + UUID.randomUUID().toString().substring(0, 8);

  RedisSessionStoreBuilder() {}

  /**
   * Where Redis is: {@code redis://[:password@]host:port[/database]}, or {@code rediss://} for TLS;
   * {@code redis-sentinel://HOST:PORT[,HOST:PORT]#MASTER} for the master a set of Sentinels names;
   * for a Redis Cluster, any one node's {@code redis://host:port} (its server says it runs in
   * cluster mode, and the store connects as a cluster client) or several seed nodes, {@code
   * redis://h1:p1,h2:p2,h3:p3}.
   *
   * @param value the URI
   * @return this builder
   */
  public RedisSessionStoreBuilder uri(String value) {
    this.uri = Objects.requireNonNull(value, "uri");
    return this;
  }

  /**
   * A Lettuce client of the caller's (left open on close), instead of a URI.
   *
   * @param value the client
   * @return this builder
   */
  public RedisSessionStoreBuilder client(RedisClient value) {
    this.client = Objects.requireNonNull(value, "client");
    return this;
  }

  /**
   * The prefix of every key; default {@code graph-upload:}.
   *
   * @param value a prefix without braces
   * @return this builder
   */
  public RedisSessionStoreBuilder keyPrefix(String value) {
    Objects.requireNonNull(value, "keyPrefix");
    if (value.contains("{") || value.contains("}")) {
      throw new IllegalArgumentException(
          "The key prefix cannot contain braces (they make the hash tag)");
    }
    this.prefix = value;
    return this;
  }

  /**
   * How long a lease lasts without renewal; default 30 s. A worker that dies frees its uploads
   * after this long.
   *
   * @param value a positive duration
   * @return this builder
   */
  public RedisSessionStoreBuilder leaseTime(Duration value) {
    this.leaseTime = positive(value, "leaseTime");
    return this;
  }

  /**
   * How often a held lease is renewed; default 10 s. Must be well under the lease time.
   *
   * @param value a positive duration
   * @return this builder
   */
  public RedisSessionStoreBuilder renewInterval(Duration value) {
    this.renewInterval = positive(value, "renewInterval");
    return this;
  }

  /**
   * How long one Redis command may take (for a store made from a URI); default 5 s.
   *
   * @param value a positive duration
   * @return this builder
   */
  public RedisSessionStoreBuilder commandTimeout(Duration value) {
    this.commandTimeout = positive(value, "commandTimeout");
    return this;
  }

  /**
   * The wall clock, which stamps and expires records; default the system clock. Leases are timed on
   * the {@link #ticker}.
   *
   * @param value the clock
   * @return this builder
   */
  public RedisSessionStoreBuilder clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * The monotonic clock that times a lease's validity (the wall clock only stamps and expires
   * records); default {@link Ticker#system()}. A wall clock set back or forth does not stretch or
   * shorten a lease.
   *
   * @param value the ticker
   * @return this builder
   */
  public RedisSessionStoreBuilder ticker(Ticker value) {
    this.ticker = Objects.requireNonNull(value, "ticker");
    return this;
  }

  /**
   * This worker's name in the leases it takes; default the JVM's name and a random suffix.
   *
   * @param value the owner id
   * @return this builder
   */
  public RedisSessionStoreBuilder ownerId(String value) {
    this.owner = Objects.requireNonNull(value, "ownerId");
    return this;
  }

  /**
   * Connects to Redis.
   *
   * @return the store
   * @throws SessionStoreException if Redis cannot be reached
   * @throws IllegalArgumentException if neither a URI nor a client is set, or the renew interval is
   *     not below the lease time
   */
  public RedisSessionStore build() {
    if (uri == null && client == null) {
      throw new IllegalArgumentException("Set the Redis URI or a Redis client");
    }
    if (renewInterval.compareTo(leaseTime) >= 0) {
      throw new IllegalArgumentException("renewInterval must be below leaseTime");
    }
    return new RedisSessionStore(this);
  }

  private static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }
}
