package dev.graphupload.storage.redis;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.codec.SessionRecordCodec;
import dev.graphupload.core.store.CorruptRecordException;
import dev.graphupload.core.store.LeaseLostException;
import dev.graphupload.core.store.SessionConflictException;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.store.SessionStoreException;
import dev.graphupload.core.store.UploadLock;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SessionStore} in Redis, shared by upload workers on many machines.
 *
 * <p>Key schema, for an upload key {@code K} and the prefix (default {@code graph-upload:}):
 *
 * <ul>
 *   <li>{@code <prefix>{K}:record} — a hash with {@code revision} and {@code json} (the record in
 *       the form of {@link SessionRecordCodec}); it expires with the record ({@code PEXPIRE}).
 *   <li>{@code <prefix>{K}:lease} — the owner of the upload lease and its fencing token, with a
 *       time to live ({@code SET NX PX}), renewed while the owner works.
 *   <li>{@code <prefix>{K}:fence} — the counter the fencing tokens come from.
 * </ul>
 *
 * <p>The hash tag {@code {K}} keeps a record and its lease in one slot, so the store also works on
 * Redis Cluster. Compare-and-set runs on the server in one Lua script, which also refuses a write
 * from a worker whose lease was lost or taken over. {@link #list()} uses {@code SCAN}, never {@code
 * KEYS}. The token is never stored: records have no field for it.
 *
 * <p>Thread safe. Close it to stop lease renewals and, if it made its own client, the connection.
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);

  /**
   * Compare-and-set in one script: the lease (if any) must still be this worker's, and the stored
   * revision must be the one read. A save at revision 0 counts an expired record (by this store's
   * clock, {@code ARGV[6]}) as none, and replaces it in the same script, so no other writer can
   * slip in between the check and the write.
   */
  private static final String SAVE =
      "if ARGV[5] ~= '' and redis.call('GET', KEYS[2]) ~= ARGV[5] then return {-1, '0'} end\n"
          + "local current = redis.call('HGET', KEYS[1], 'revision')\n"
          + "if not current then current = '0' end\n"
          + "if ARGV[1] == '0' and current ~= '0' then\n"
          + "  local expires = tonumber(redis.call('HGET', KEYS[1], 'expires'))\n"
          + "  if expires and expires <= tonumber(ARGV[6]) then\n"
          + "    redis.call('DEL', KEYS[1])\n"
          + "    current = '0'\n"
          + "  end\n"
          + "end\n"
          + "if current ~= ARGV[1] then return {0, current} end\n"
          + "redis.call('HSET', KEYS[1], 'revision', ARGV[2], 'json', ARGV[3], 'expires', ARGV[7])\n"
          + "redis.call('PEXPIRE', KEYS[1], ARGV[4])\n"
          + "return {1, ARGV[2]}";

  private static final String RENEW =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
  private static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

  private final RedisClient ownedClient;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;
  private final String prefix;
  private final Duration leaseTime;
  private final Duration renewInterval;
  private final Clock clock;
  private final String owner;
  private final String where;
  private final ScheduledExecutorService renewals;
  private final ConcurrentMap<UploadKey, RedisLease> leases = new ConcurrentHashMap<>();

  private RedisSessionStore(Builder builder) {
    this.prefix = builder.prefix;
    this.leaseTime = builder.leaseTime;
    this.renewInterval = builder.renewInterval;
    this.clock = builder.clock;
    this.owner = builder.owner;
    RedisClient client = builder.client;
    if (client == null) {
      RedisURI uri;
      try {
        uri = RedisURI.create(builder.uri);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Not a Redis URI (redis://HOST:PORT[/DB], rediss://…): " + e.getMessage());
      }
      uri.setTimeout(builder.commandTimeout);
      this.where = uri.getHost() + ":" + uri.getPort();
      client = RedisClient.create(uri);
      // while Redis is away, fail commands at once instead of queueing them until they time out
      client.setOptions(
          ClientOptions.builder()
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .build());
      this.ownedClient = client;
    } else {
      this.where = "the given Redis client";
      this.ownedClient = null;
    }
    try {
      this.connection = client.connect();
    } catch (RedisException e) {
      if (ownedClient != null) {
        shutDown(ownedClient);
      }
      throw new SessionStoreException(
          "Cannot reach Redis at "
              + where
              + " ("
              + rootMessage(e)
              + "); no upload starts without its record and lease. Start Redis or fix the URI",
          FailureKind.FATAL,
          e);
    }
    this.redis = connection.sync();
    this.renewals =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "graph-upload-redis-leases");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * A builder; set a URI or a client.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  String recordKey(UploadKey key) {
    return prefix + "{" + key.value() + "}:record";
  }

  String leaseKey(UploadKey key) {
    return prefix + "{" + key.value() + "}:lease";
  }

  private String fenceKey(UploadKey key) {
    return prefix + "{" + key.value() + "}:fence";
  }

  private <T> T call(String action, java.util.function.Supplier<T> command) {
    try {
      return command.get();
    } catch (RedisException e) {
      throw new SessionStoreException(
          "Could not "
              + action
              + " in Redis at "
              + where
              + " ("
              + rootMessage(e)
              + "); the upload's progress on the server is kept",
          FailureKind.TRANSIENT,
          e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  @Override
  public Optional<SessionRecord> find(UploadKey key) {
    Objects.requireNonNull(key, "key");
    String json = call("read the session record", () -> redis.hget(recordKey(key), "json"));
    if (json == null) {
      return Optional.empty();
    }
    SessionRecord record = decode(recordKey(key), json);
    if (record == null || record.isExpired(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(record);
  }

  private SessionRecord decode(String redisKey, String json) {
    try {
      return SessionRecordCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    } catch (CorruptRecordException e) {
      String aside = prefix + "corrupt:" + redisKey + ":" + clock.millis();
      LOG.warn(
          "Set aside the unreadable session record {} as {}: {}", redisKey, aside, e.getMessage());
      call("set aside an unreadable record", () -> redis.rename(redisKey, aside));
      return null;
    }
  }

  @Override
  public SessionRecord save(SessionRecord record) {
    Objects.requireNonNull(record, "record");
    RedisLease lease = leases.get(record.key());
    long ttlMillis = Math.max(1, record.expiresAt().toEpochMilli() - clock.millis());
    SessionRecord stored = record.withRevision(record.revision() + 1);
    String json = new String(SessionRecordCodec.encode(stored), StandardCharsets.UTF_8);
    List<Object> result =
        call(
            "save the session record",
            () ->
                redis.eval(
                    SAVE,
                    ScriptOutputType.MULTI,
                    new String[] {recordKey(record.key()), leaseKey(record.key())},
                    Long.toString(record.revision()),
                    Long.toString(stored.revision()),
                    json,
                    Long.toString(ttlMillis),
                    lease == null ? "" : lease.token,
                    Long.toString(clock.millis()),
                    Long.toString(record.expiresAt().toEpochMilli())));
    long outcome = (Long) result.get(0);
    if (outcome == -1) {
      if (lease != null) {
        lease.lose();
      }
      throw new LeaseLostException(
          record.key(), "another worker holds it now; this write was refused");
    }
    if (outcome == 0) {
      throw new SessionConflictException(
          record.key(), record.revision(), Long.parseLong(String.valueOf(result.get(1))));
    }
    return stored;
  }

  @Override
  public boolean delete(UploadKey key) {
    return call("delete the session record", () -> redis.del(recordKey(key))) > 0;
  }

  @Override
  public List<SessionRecord> list() {
    List<SessionRecord> records = new ArrayList<>();
    ScanArgs match = ScanArgs.Builder.matches(prefix + "{*}:record").limit(200);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      ScanCursor from = cursor;
      KeyScanCursor<String> page = call("list the session records", () -> redis.scan(from, match));
      for (String redisKey : page.getKeys()) {
        String json = call("read a session record", () -> redis.hget(redisKey, "json"));
        SessionRecord record = json == null ? null : decode(redisKey, json);
        if (record != null && !record.isExpired(clock.instant())) {
          records.add(record);
        }
      }
      cursor = page;
    } while (!cursor.isFinished());
    return records;
  }

  /**
   * Takes the lease on an upload: {@code SET NX PX} with this store's owner id and a fencing token,
   * renewed every renew interval while held. The lease is lost when a renewal finds it gone or
   * owned by another worker, or when Redis stays out of reach past the lease's term.
   */
  @Override
  public Optional<UploadLock> tryLock(UploadKey key) {
    Objects.requireNonNull(key, "key");
    if (leases.containsKey(key)) {
      return Optional.empty();
    }
    long fence = call("take the upload lease", () -> redis.incr(fenceKey(key)));
    String token = owner + ":" + fence;
    String ok =
        call(
            "take the upload lease",
            () -> redis.set(leaseKey(key), token, SetArgs.Builder.nx().px(leaseTime.toMillis())));
    if (!"OK".equals(ok)) {
      return Optional.empty();
    }
    RedisLease lease = new RedisLease(key, token, clock.millis() + leaseTime.toMillis());
    if (leases.putIfAbsent(key, lease) != null) {
      lease.releaseInRedis();
      return Optional.empty();
    }
    lease.schedule();
    return Optional.of(lease);
  }

  @Override
  public void close() {
    leases.values().forEach(RedisLease::close);
    renewals.shutdownNow();
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
  private static void shutDown(RedisClient client) {
    try {
      client
          .shutdownAsync(0, 2, java.util.concurrent.TimeUnit.SECONDS)
          .get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("The Redis client did not shut down within 5 s; leaving its threads behind", e);
    }
  }

  @Override
  public String toString() {
    return "RedisSessionStore[" + where + ", prefix " + prefix + "]";
  }

  /** A lease held by this store, renewed in the background. */
  final class RedisLease implements UploadLock {
    private final UploadKey key;
    final String token;
    private volatile long validUntilMillis;
    private volatile boolean lost;
    private volatile boolean released;
    private volatile Runnable onLost;
    private volatile java.util.concurrent.ScheduledFuture<?> renewal;

    RedisLease(UploadKey key, String token, long validUntilMillis) {
      this.key = key;
      this.token = token;
      this.validUntilMillis = validUntilMillis;
    }

    void schedule() {
      renewal =
          renewals.scheduleWithFixedDelay(
              this::renew,
              renewInterval.toMillis(),
              renewInterval.toMillis(),
              java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Stops renewing (for tests of a paused owner). */
    void pauseRenewals() {
      java.util.concurrent.ScheduledFuture<?> r = renewal;
      if (r != null) {
        r.cancel(false);
      }
    }

    private void renew() {
      if (lost || released) {
        return;
      }
      long now = clock.millis();
      try {
        Long renewed =
            redis.eval(
                RENEW,
                ScriptOutputType.INTEGER,
                new String[] {leaseKey(key)},
                token,
                Long.toString(leaseTime.toMillis()));
        if (renewed != null && renewed == 1) {
          validUntilMillis = now + leaseTime.toMillis();
        } else {
          lose();
        }
      } catch (RedisException e) {
        if (clock.millis() >= validUntilMillis) {
          LOG.warn(
              "Redis at {} stayed out of reach past the lease on {}: {}",
              where,
              key,
              rootMessage(e));
          lose();
        } else {
          LOG.info(
              "Could not renew the lease on {} ({}); retrying while the lease lasts",
              key,
              rootMessage(e));
        }
      }
    }

    void lose() {
      if (lost) {
        return;
      }
      lost = true;
      pauseRenewals();
      leases.remove(key, this);
      Runnable action = onLost;
      if (action != null && !released) {
        action.run();
      }
    }

    @Override
    public boolean isHeld() {
      return !lost && !released && clock.millis() < validUntilMillis;
    }

    @Override
    public void onLost(Runnable action) {
      this.onLost = action;
      if (lost && !released) {
        action.run();
      }
    }

    void releaseInRedis() {
      try {
        redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {leaseKey(key)}, token);
      } catch (RedisException e) {
        LOG.info(
            "Could not release the lease on {} ({}); it expires by itself", key, rootMessage(e));
      }
    }

    @Override
    public synchronized void close() {
      if (released) {
        return;
      }
      released = true;
      pauseRenewals();
      leases.remove(key, this);
      if (!lost) {
        releaseInRedis();
      }
    }
  }

  /**
   * Configures a {@link RedisSessionStore}; each value is checked as it is set. Not thread safe.
   */
  public static final class Builder {
    private String uri;
    private RedisClient client;
    private String prefix = "graph-upload:";
    private Duration leaseTime = Duration.ofSeconds(30);
    private Duration renewInterval = Duration.ofSeconds(10);
    private Duration commandTimeout = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();
    private String owner =
        ManagementFactory.getRuntimeMXBean().getName()
            + ":"
            + UUID.randomUUID().toString().substring(0, 8);

    private Builder() {}

    /**
     * Where Redis is: {@code redis://[:password@]host:port[/database]}, or {@code rediss://} for
     * TLS.
     *
     * @param value the URI
     * @return this builder
     */
    public Builder uri(String value) {
      this.uri = Objects.requireNonNull(value, "uri");
      return this;
    }

    /**
     * A Lettuce client of the caller's (left open on close), instead of a URI.
     *
     * @param value the client
     * @return this builder
     */
    public Builder client(RedisClient value) {
      this.client = Objects.requireNonNull(value, "client");
      return this;
    }

    /**
     * The prefix of every key; default {@code graph-upload:}.
     *
     * @param value a prefix without braces
     * @return this builder
     */
    public Builder keyPrefix(String value) {
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
    public Builder leaseTime(Duration value) {
      this.leaseTime = positive(value, "leaseTime");
      return this;
    }

    /**
     * How often a held lease is renewed; default 10 s. Must be well under the lease time.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder renewInterval(Duration value) {
      this.renewInterval = positive(value, "renewInterval");
      return this;
    }

    /**
     * How long one Redis command may take (for a store made from a URI); default 5 s.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder commandTimeout(Duration value) {
      this.commandTimeout = positive(value, "commandTimeout");
      return this;
    }

    /**
     * The time used for record expiry and lease terms; default the system clock.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * This worker's name in the leases it takes; default the JVM's name and a random suffix.
     *
     * @param value the owner id
     * @return this builder
     */
    public Builder ownerId(String value) {
      this.owner = Objects.requireNonNull(value, "ownerId");
      return this;
    }

    /**
     * Connects to Redis.
     *
     * @return the store
     * @throws SessionStoreException if Redis cannot be reached
     * @throws IllegalArgumentException if neither a URI nor a client is set, or the renew interval
     *     is not below the lease time
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
}
