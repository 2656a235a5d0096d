package dev.graphupload.cli;

import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.storage.file.FileSessionStore;
import dev.graphupload.storage.redis.RedisSessionStore;
import dev.graphupload.storage.redis.RedisSessionStoreBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where session records live, as {@code --store} names it: the one place that decides the store's
 * kind. Each kind opens its own store, so only that one's classes load (a directory store never
 * loads Lettuce).
 */
sealed interface StoreLocation {

  /** A lease's time when nothing sets one: the Redis store's own default. */
  Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  /** This process's memory. */
  record Memory() implements StoreLocation {}

  /** A directory of record files, shared by the processes of one machine. */
  record Directory(Path path) implements StoreLocation {}

  /** A Redis server, shared by machines. */
  record Redis(String uri) implements StoreLocation {}

  /** The URI schemes of a Redis store. */
  List<String> REDIS_SCHEMES =
      List.of("redis://", "rediss://", "redis-sentinel://", "rediss-sentinel://");

  /**
   * The location {@code text} names: {@code memory}, a Redis URI ({@link #REDIS_SCHEMES}), else a
   * directory; {@code null} is the data home's sessions directory.
   */
  static StoreLocation parse(String text) {
    if (text == null) {
      return new Directory(DataHome.resolve().resolve("sessions"));
    }
    if (text.equals("memory")) {
      return new Memory();
    }
    if (REDIS_SCHEMES.stream().anyMatch(text::startsWith)) {
      return new Redis(text);
    }
    if (text.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      // not a directory named "ftp:" by mistake
      throw new UsageException(
          "--store '"
              + text.substring(0, text.indexOf("://") + 3)
              + "…' is no store this command knows: give a directory, memory, redis://HOST:PORT"
              + " (a server, or any node of a Redis Cluster), redis://H1:P1,H2:P2 (a cluster's seed"
              + " nodes), rediss://… (TLS) or redis-sentinel://HOST:PORT#MASTER");
    }
    return new Directory(Path.of(text));
  }

  /** Whether records can be shared with other machines, under leases. */
  default boolean hasLeases() {
    return this instanceof Redis;
  }

  /** Whether this is a directory that does not exist yet: nothing is stored there. */
  default boolean isMissingDirectory() {
    return this instanceof Directory d && !Files.exists(d.path());
  }

  /**
   * Opens the store.
   *
   * @param leaseTime a Redis store's lease time, or {@code null} for its own
   */
  default SessionStore open(Duration leaseTime) {
    if (this instanceof Memory) {
      return new InMemorySessionStore();
    } else if (this instanceof Redis redis) {
      RedisSessionStoreBuilder builder = RedisSessionStore.builder().uri(redis.uri());
      if (leaseTime != null) {
        builder.leaseTime(leaseTime).renewInterval(leaseTime.dividedBy(3));
      }
      return builder.build();
    }
    return FileSessionStore.open(((Directory) this).path());
  }

  /** How soon a worker that died lets go of its files, for messages about held files. */
  default String leaseNote(Duration leaseTime) {
    if (this instanceof Redis) {
      return "one that died lets go when its lease lapses, within "
          + Sizes.duration(leaseTime == null ? DEFAULT_LEASE : leaseTime)
          + " (--lease)";
    } else if (this instanceof Memory) {
      return "the memory store is this process's own";
    }
    return "one that died has let go already: the system frees a dead process's locks";
  }

  /** The location as the user wrote it, or the directory's path. */
  default String describe() {
    if (this instanceof Redis redis) {
      return redis.uri();
    } else if (this instanceof Directory d) {
      return d.path().toString();
    }
    return "memory";
  }
}
