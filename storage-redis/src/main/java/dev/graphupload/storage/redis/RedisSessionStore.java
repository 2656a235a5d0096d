package dev.graphupload.storage.redis;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.Ticker;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.codec.SessionRecordCodec;
import dev.graphupload.core.store.CorruptRecordException;
import dev.graphupload.core.store.LeaseLostException;
import dev.graphupload.core.store.LockLoss;
import dev.graphupload.core.store.SessionConflictException;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.store.SessionStoreException;
import dev.graphupload.core.store.UploadLock;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
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
 * <p>Where: one Redis server ({@code redis://}, {@code rediss://}), the master a set of Sentinels
 * names ({@code redis-sentinel://HOST:PORT[,HOST:PORT]#MASTER}), or a Redis Cluster (a {@code
 * redis://HOST:PORT} whose server runs in cluster mode, or {@code redis://H1:P1,H2:P2,…} naming
 * several seed nodes), each tested against real servers. On a cluster the hash tag {@code {K}}
 * keeps a record, its lease and its fence in one slot, so each script runs on the one master that
 * owns them; {@link #list()} scans every master. After a cluster or a Sentinel failover, a lease
 * written to a master that died before replicating it can be granted again (replication is
 * asynchronous); the record stays whole because every save checks, on the server, that the lease is
 * still the saver's (its owner and fencing token): the older holder's saves are refused and it
 * stops. Compare-and-set runs on the server in one Lua script, which also refuses a write from a
 * worker whose lease was lost or taken over. {@link #list()} uses {@code SCAN}, never {@code KEYS}.
 * The token is never stored: records have no field for it.
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
      "if ARGV[5] ~= '' then\n"
          + "  local holder = redis.call('GET', KEYS[2])\n"
          + "  if holder ~= ARGV[5] then if holder then return {-1, '0'} else return {-2, '0'} end end\n"
          + "end\n"
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

  /** 1: renewed; 0: another holder's now; -1: gone (expired unseen, deleted, or Redis emptied). */
  static final String RENEW =
      "local v = redis.call('GET', KEYS[1])\n"
          + "if v == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end\n"
          + "if v then return 0 end\n"
          + "return -1";

  static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

  final RedisLink link;
  private final String prefix;
  final Duration leaseTime;
  final Duration renewInterval;
  private final Clock clock;
  private final String owner;
  final String where;
  final ScheduledExecutorService renewals;
  final ConcurrentMap<UploadKey, RedisLease> leases = new ConcurrentHashMap<>();
  final Ticker ticker;

  RedisSessionStore(RedisSessionStoreBuilder builder) {
    this.prefix = builder.prefix;
    this.leaseTime = builder.leaseTime;
    this.renewInterval = builder.renewInterval;
    this.clock = builder.clock;
    this.ticker = builder.ticker;
    this.owner = builder.owner;
    this.link = RedisLink.open(builder);
    this.where = link.where;
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
  public static RedisSessionStoreBuilder builder() {
    return new RedisSessionStoreBuilder();
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

  private <T> T call(String action, Supplier<T> command) {
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

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  @Override
  public Optional<SessionRecord> find(UploadKey key) {
    Objects.requireNonNull(key, "key");
    String json = call("read the session record", () -> link.hashes.hget(recordKey(key), "json"));
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
      call("set aside an unreadable record", () -> link.keys.rename(redisKey, aside));
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
                link.scripts.eval(
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
    if (outcome < 0) {
      LockLoss loss =
          outcome == -1
              ? new LockLoss(
                  LockLoss.Cause.TAKEN_OVER,
                  "another worker holds it in Redis at " + where + "; this write was refused")
              : new LockLoss(
                  LockLoss.Cause.VANISHED,
                  "it is gone from Redis at "
                      + where
                      + " though no one took it (Redis restarted without its data, or the key"
                      + " was deleted); this write was refused");
      if (lease != null) {
        lease.lose(loss);
      }
      throw new LeaseLostException(record.key(), loss);
    }
    if (outcome == 0) {
      throw new SessionConflictException(
          record.key(), record.revision(), Long.parseLong(String.valueOf(result.get(1))));
    }
    return stored;
  }

  @Override
  public boolean delete(UploadKey key) {
    return call("delete the session record", () -> link.keys.del(recordKey(key))) > 0;
  }

  @Override
  public List<SessionRecord> list() {
    List<SessionRecord> records = new ArrayList<>();
    ScanArgs match = ScanArgs.Builder.matches(prefix + "{*}:record").limit(200);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      ScanCursor from = cursor;
      KeyScanCursor<String> page =
          call("list the session records", () -> link.keys.scan(from, match));
      for (String redisKey : page.getKeys()) {
        String json = call("read a session record", () -> link.hashes.hget(redisKey, "json"));
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
    long fence = call("take the upload lease", () -> link.strings.incr(fenceKey(key)));
    String token = owner + ":" + fence;
    long asked = ticker.nanos(); // Redis starts the term on receipt, after this
    String ok =
        call(
            "take the upload lease",
            () ->
                link.strings.set(
                    leaseKey(key), token, SetArgs.Builder.nx().px(leaseTime.toMillis())));
    if (!"OK".equals(ok)) {
      return Optional.empty();
    }
    RedisLease lease = new RedisLease(this, key, token, asked);
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
    link.close();
  }

  @Override
  public String toString() {
    return "RedisSessionStore[" + where + ", prefix " + prefix + "]";
  }
}
