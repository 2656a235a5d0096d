package dev.graphupload.storage.redis;

import dev.graphupload.core.UploadKey;
import dev.graphupload.core.store.LockLoss;
import dev.graphupload.core.store.UploadLock;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease held by a {@link RedisSessionStore}, renewed in the background.
 *
 * <p>Whatever the clocks do, the holder stops before Redis can hand the lease to anyone else. Its
 * own idea of the lease's validity is measured on its monotonic ticker, never on a wall clock: the
 * lease is valid until the moment the last successful renewal (or the take) was <em>sent</em>, plus
 * the lease time, minus a margin for the drift between this host's ticker and Redis's clock (1% of
 * the lease time plus 2 ms, as Redlock assumes). Redis starts its own term when the command
 * arrives, which is after it was sent, so the holder's validity always ends first as long as the
 * two clocks run at rates within 1% of each other. A wall clock set back or forth moves neither.
 */
final class RedisLease implements UploadLock {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);

  private final RedisSessionStore store;
  private final UploadKey key;
  final String token;
  private volatile long validUntilNanos;
  private volatile long lastRenewedNanos;
  private volatile LockLoss loss;
  private volatile boolean lost;
  private volatile boolean released;
  private volatile Runnable onLost;
  private volatile ScheduledFuture<?> renewal;

  /**
   * A lease just taken.
   *
   * @param store the store that took it
   * @param key the upload it covers
   * @param token this holder's value in Redis (owner and fencing token)
   * @param askedAtNanos the ticker's reading when the take was sent
   */
  RedisLease(RedisSessionStore store, UploadKey key, String token, long askedAtNanos) {
    this.store = store;
    this.key = key;
    this.token = token;
    this.validUntilNanos = askedAtNanos + validityNanos(store.leaseTime.toNanos());
    this.lastRenewedNanos = askedAtNanos;
  }

  /** The part of a lease's term the holder counts on: the term less the drift margin. */
  static long validityNanos(long leaseNanos) {
    return leaseNanos - (leaseNanos / 100 + TimeUnit.MILLISECONDS.toNanos(2));
  }

  void schedule() {
    long every = store.renewInterval.toMillis();
    renewal =
        store.renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  /** Stops renewing (for tests of a paused owner). */
  void pauseRenewals() {
    ScheduledFuture<?> r = renewal;
    if (r != null) {
      r.cancel(false);
    }
  }

  private void renew() {
    if (lost || released) {
      return;
    }
    long sent = store.ticker.nanos();
    try {
      Long renewed =
          store.link.scripts.eval(
              RedisSessionStore.RENEW,
              ScriptOutputType.INTEGER,
              new String[] {store.leaseKey(key)},
              token,
              Long.toString(store.leaseTime.toMillis()));
      if (renewed != null && renewed == 1) {
        validUntilNanos = sent + validityNanos(store.leaseTime.toNanos());
        lastRenewedNanos = sent;
      } else if (renewed != null && renewed == 0) {
        lose(
            new LockLoss(
                LockLoss.Cause.TAKEN_OVER, "another worker holds it in Redis at " + store.where));
      } else {
        lose(
            new LockLoss(
                LockLoss.Cause.VANISHED,
                "it is gone from Redis at "
                    + store.where
                    + " though no one took it (Redis restarted without its data, or the key was"
                    + " deleted)"));
      }
    } catch (RedisException e) {
      long now = store.ticker.nanos();
      if (now - validUntilNanos >= 0) {
        LOG.warn(
            "Redis at {} stayed out of reach past the lease on {}: {}",
            store.where,
            key,
            RedisSessionStore.rootMessage(e));
        lose(
            new LockLoss(
                LockLoss.Cause.STORE_UNREACHABLE,
                String.format(
                    Locale.ROOT,
                    "Redis at %s was unreachable for %.1f s, past the lease's term of %d s (%s)",
                    store.where,
                    (now - lastRenewedNanos) / 1e9,
                    store.leaseTime.toSeconds(),
                    RedisSessionStore.rootMessage(e))));
      } else {
        LOG.info(
            "Could not renew the lease on {} ({}); retrying while the lease lasts",
            key,
            RedisSessionStore.rootMessage(e));
      }
    }
  }

  void lose(LockLoss why) {
    if (lost) {
      return;
    }
    loss = why;
    lost = true;
    pauseRenewals();
    store.leases.remove(key, this);
    Runnable action = onLost;
    if (action != null && !released) {
      action.run();
    }
  }

  @Override
  public boolean isHeld() {
    return !lost && !released && store.ticker.nanos() - validUntilNanos < 0;
  }

  @Override
  public Optional<LockLoss> loss() {
    LockLoss known = loss;
    if (known != null) {
      return Optional.of(known);
    }
    return isHeld() || released
        ? Optional.empty()
        : Optional.of(
            new LockLoss(
                LockLoss.Cause.STORE_UNREACHABLE,
                "no renewal reached Redis at " + store.where + " within the lease's term"));
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
      store.link.scripts.eval(
          RedisSessionStore.RELEASE,
          ScriptOutputType.INTEGER,
          new String[] {store.leaseKey(key)},
          token);
    } catch (RedisException e) {
      LOG.info(
          "Could not release the lease on {} ({}); it expires by itself",
          key,
          RedisSessionStore.rootMessage(e));
    }
  }

  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    pauseRenewals();
    store.leases.remove(key, this);
    if (!lost) {
      releaseInRedis();
    }
  }
}
