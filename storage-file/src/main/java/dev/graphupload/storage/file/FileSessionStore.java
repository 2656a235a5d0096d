package dev.graphupload.storage.file;

import dev.graphupload.core.UploadKey;
import dev.graphupload.core.codec.SessionRecordCodec;
import dev.graphupload.core.store.CorruptRecordException;
import dev.graphupload.core.store.SessionConflictException;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.store.SessionStoreException;
import dev.graphupload.core.store.UploadLock;
import java.io.IOException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SessionStore} in a directory of small JSON files, one per upload ({@code <key>.json}, in
 * the form of {@link SessionRecordCodec}), safe against crashes and shared by processes.
 *
 * <ul>
 *   <li>A save writes a temporary file, forces it to disk, renames it over the record atomically
 *       and forces the directory: after a crash the record is the old one or the new one, never a
 *       mix.
 *   <li>Compare-and-set holds across processes: each save takes an OS lock on one byte of the
 *       store's single lock file, {@code locks}, while it reads the revision and writes.
 *   <li>{@link #tryLock} takes an OS lock on another byte of it for as long as an upload runs, so a
 *       second process asked to upload the same file is told that another one is doing it. One lock
 *       file serves every record, and lives as long as the store: no lock file is ever left behind
 *       by a record, or deleted under a process that may be opening it.
 *   <li>Files are private to the user (0600), and so is a directory the store creates (0700). A
 *       directory it is given keeps its mode; one that holds files of anything else is refused, and
 *       the store only ever reads, moves or deletes files it names itself.
 *   <li>A record that cannot be read is moved to {@code corrupt/} with a warning naming it, and the
 *       store carries on without it; expired records are deleted as they are met. What {@code
 *       corrupt/} holds is deleted after {@value #CORRUPT_DAYS} days (when a store is opened) and
 *       by {@link #clear()}.
 *   <li>A full disk or a read-only directory is a {@link SessionStoreException} that says so.
 * </ul>
 *
 * <p>Thread safe. The token is never written: records have no field for it.
 */
public final class FileSessionStore implements SessionStore {

  private static final Logger LOG = LoggerFactory.getLogger(FileSessionStore.class);

  private final Path directory;

  /** How long a record set aside in {@code corrupt/} is kept, for a person to look at. */
  static final int CORRUPT_DAYS = 30;

  private final Clock clock;
  private final LockFile locks;

  private FileSessionStore(Path directory, Clock clock, LockFile locks) {
    this.directory = directory;
    this.clock = clock;
    this.locks = locks;
  }

  /**
   * The default directory, {@code ~/.graph-upload/sessions}.
   *
   * @return the directory (not created)
   */
  public static Path defaultDirectory() {
    return Path.of(System.getProperty("user.home"), ".graph-upload", "sessions");
  }

  /**
   * Opens (and creates, private to the user) a store directory.
   *
   * @param directory the directory
   * @return the store
   * @throws SessionStoreException if the directory cannot be created or used
   */
  public static FileSessionStore open(Path directory) {
    return open(directory, Clock.systemUTC());
  }

  /**
   * Opens a store directory whose records expire by {@code clock}.
   *
   * @param directory the directory
   * @param clock the time used to expire records
   * @return the store
   * @throws SessionStoreException if the directory cannot be created or used
   */
  public static FileSessionStore open(Path directory, Clock clock) {
    Objects.requireNonNull(directory, "directory");
    if (directory.toString().isBlank()) {
      throw new IllegalArgumentException(
          "The session store's directory is empty: give a directory of its own, such as"
              + " ~/.graph-upload/sessions");
    }
    Path dir = directory.toAbsolutePath().normalize();
    try {
      if (!Files.exists(dir)) {
        // every directory made here (the data home too) is ours to make private; a directory
        // given to us keeps its mode
        FileSystemAccess.makePrivateDirectories(dir);
      } else {
        StoreDirectory.requireOurs(dir);
      }
      StoreDirectory.deleteLegacyLockFiles(dir); // before the marker says there are none
      StoreDirectory.mark(dir);
      FileSessionStore store =
          new FileSessionStore(dir, Objects.requireNonNull(clock, "clock"), LockFile.of(dir));
      StoreDirectory.pruneCorrupt(dir, clock.instant().minus(Duration.ofDays(CORRUPT_DAYS)));
      return store;
    } catch (IOException e) {
      throw FileSystemAccess.failure("open the session store", dir, e);
    }
  }

  /**
   * The directory the records live in.
   *
   * @return the directory
   */
  public Path directory() {
    return directory;
  }

  private Path recordPath(UploadKey key) {
    return directory.resolve(key.value() + ".json");
  }

  @Override
  public Optional<SessionRecord> find(UploadKey key) {
    Objects.requireNonNull(key, "key");
    SessionRecord record = read(recordPath(key), key);
    if (record != null && record.isExpired(clock.instant())) {
      pruneIfUnchanged(record);
      return Optional.empty();
    }
    return Optional.ofNullable(record);
  }

  /** The record in {@code file}, or null if there is none or it had to be set aside. */
  private SessionRecord read(Path file, UploadKey expectedKey) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw FileSystemAccess.failure("read the session record " + file.getFileName(), directory, e);
    }
    SessionRecord record;
    try {
      record = SessionRecordCodec.decode(bytes);
    } catch (CorruptRecordException e) {
      setAside(file, e.getMessage());
      return null;
    }
    if (expectedKey != null && !record.key().equals(expectedKey)) {
      setAside(file, "it holds the record of another upload (" + record.key() + ")");
      return null;
    }
    return record;
  }

  private void setAside(Path file, String reason) {
    Path corrupt = directory.resolve("corrupt");
    Path target = corrupt.resolve(file.getFileName() + "." + clock.millis());
    try {
      FileSystemAccess.makePrivateDirectories(corrupt);
      Files.move(file, target);
      LOG.warn("Set aside the unreadable session record {} as {}: {}", file, target, reason);
    } catch (IOException e) {
      LOG.warn(
          "The session record {} is unreadable ({}) and could not be set aside: {}",
          file,
          reason,
          e.toString());
    }
  }

  @Override
  public SessionRecord save(SessionRecord record) {
    Objects.requireNonNull(record, "record");
    return underWriteLock(
        record.key(),
        () -> {
          SessionRecord current = read(recordPath(record.key()), record.key());
          long actual =
              current == null || current.isExpired(clock.instant()) ? 0 : current.revision();
          if (actual != record.revision()) {
            throw new SessionConflictException(record.key(), record.revision(), actual);
          }
          SessionRecord stored = record.withRevision(actual + 1);
          FileSystemAccess.writeAtomically(
              directory, recordPath(record.key()), SessionRecordCodec.encode(stored));
          return stored;
        });
  }

  @Override
  public boolean delete(UploadKey key) {
    Objects.requireNonNull(key, "key");
    return underWriteLock(
        key,
        () -> {
          try {
            boolean deleted = Files.deleteIfExists(recordPath(key));
            FileSystemAccess.forceDirectory(directory);
            return deleted;
          } catch (IOException e) {
            throw FileSystemAccess.failure("delete the session record " + key, directory, e);
          }
        });
  }

  @Override
  public List<SessionRecord> list() {
    List<SessionRecord> live = new ArrayList<>();
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(directory, StoreDirectory::isRecordFile)) {
      for (Path file : files) {
        SessionRecord record = read(file, null);
        if (record == null) {
          continue;
        }
        if (!file.getFileName().toString().equals(record.key().value() + ".json")) {
          setAside(file, "its name does not match the record's key " + record.key());
        } else if (record.isExpired(clock.instant())) {
          pruneIfUnchanged(record);
        } else {
          live.add(record);
        }
      }
    } catch (IOException e) {
      throw FileSystemAccess.failure("list the session records", directory, e);
    }
    return live;
  }

  /**
   * Deletes every expired record.
   *
   * @return how many were deleted
   */
  public int pruneExpired() {
    int before = countRecords();
    list();
    return before - countRecords();
  }

  /**
   * Deletes every record (expired or not), leaving the directory.
   *
   * @return how many were deleted
   */
  public int clear() {
    int deleted = 0;
    for (SessionRecord record : list()) {
      if (delete(record.key())) {
        deleted++;
      }
    }
    StoreDirectory.pruneCorrupt(directory, Instant.MAX);
    return deleted;
  }

  private int countRecords() {
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(directory, StoreDirectory::isRecordFile)) {
      int n = 0;
      for (Path ignored : files) {
        n++;
      }
      return n;
    } catch (IOException e) {
      throw FileSystemAccess.failure("list the session records", directory, e);
    }
  }

  private void pruneIfUnchanged(SessionRecord expired) {
    try {
      underWriteLock(
          expired.key(),
          () -> {
            SessionRecord current = read(recordPath(expired.key()), expired.key());
            if (current != null && current.revision() == expired.revision()) {
              Files.deleteIfExists(recordPath(expired.key()));
              LOG.debug("Deleted the expired session record {}", expired.key());
            }
            return null;
          });
    } catch (SessionStoreException e) {
      LOG.warn("Could not delete the expired session record {}: {}", expired.key(), e.getMessage());
    }
  }

  /** Runs {@code body} holding this key's write lock, in this process and across processes. */
  private <T> T underWriteLock(UploadKey key, IoSupplier<T> body) {
    ReentrantLock local = locks.writers.computeIfAbsent(key, k -> new ReentrantLock());
    local.lock();
    try {
      LockFile.Held lock = locks.saveLock(key);
      try {
        return body.getOrThrow();
      } finally {
        lock.close();
      }
    } catch (IOException e) {
      throw FileSystemAccess.failure("lock the session record " + key, directory, e);
    } finally {
      local.unlock();
    }
  }

  @Override
  public Optional<UploadLock> tryLock(UploadKey key) {
    Objects.requireNonNull(key, "key");
    if (locks.uploading.putIfAbsent(key, Boolean.TRUE) != null) {
      return Optional.empty(); // held by another upload in this process
    }
    try {
      LockFile.Held lock = locks.tryUploadLock(key);
      if (lock == null) {
        locks.uploading.remove(key);
        return Optional.empty(); // held by another process
      }
      return Optional.of(new HeldLock(key, lock));
    } catch (IOException | OverlappingFileLockException e) {
      locks.uploading.remove(key);
      if (e instanceof IOException io) {
        throw FileSystemAccess.failure("lock the upload " + key, directory, io);
      }
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "FileSessionStore[" + directory + "]";
  }

  @FunctionalInterface
  private interface IoSupplier<T> {
    T getOrThrow() throws IOException;
  }

  private final class HeldLock implements UploadLock {
    private final UploadKey key;
    private final LockFile.Held lock;
    private boolean released;

    HeldLock(UploadKey key, LockFile.Held lock) {
      this.key = key;
      this.lock = lock;
    }

    @Override
    public synchronized void close() {
      if (released) {
        return;
      }
      released = true;
      try {
        lock.close();
      } catch (IOException e) {
        LOG.debug("Releasing the upload lock of {}: {}", key, e.toString());
      }
      locks.uploading.remove(key);
    }
  }
}
