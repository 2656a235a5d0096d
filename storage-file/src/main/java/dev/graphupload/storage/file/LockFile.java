package dev.graphupload.storage.file;

import dev.graphupload.core.UploadKey;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's one lock file, {@value #NAME}: every upload lock and every save lock is an OS lock on
 * one byte of it, at a position derived from the record's key — so a store used for years holds one
 * lock file, not two per record it ever saw, and nothing ever has to delete a lock file (which no
 * process can do safely while another may be opening it).
 *
 * <p>One per directory per JVM, shared by every store instance on that directory: POSIX drops all
 * of a process's locks on a file when any of its channels to that file closes, and the JVM refuses
 * two overlapping locks on one file from the same process. Its channel is open only while this
 * process holds a lock in it (so an idle store holds no file open, and its disk can be unmounted or
 * made read-only). The per-key in-process locks live here too, so two store instances in one
 * process exclude each other as two processes do.
 */
final class LockFile {

  /** The lock file's name in the store's directory. */
  static final String NAME = "locks";

  private static final ConcurrentMap<Path, LockFile> OPEN = new ConcurrentHashMap<>();

  private final Path directory;
  private FileChannel channel;
  private int users;

  /** Saves in this process, one at a time per key. */
  final ConcurrentMap<UploadKey, ReentrantLock> writers = new ConcurrentHashMap<>();

  /** Uploads in this process, one at a time per key. */
  final ConcurrentMap<UploadKey, Boolean> uploading = new ConcurrentHashMap<>();

  private LockFile(Path directory) {
    this.directory = directory;
  }

  /** The lock file of {@code dir}, shared by the process. */
  static LockFile of(Path dir) {
    return OPEN.computeIfAbsent(dir, LockFile::new);
  }

  /** Takes the upload lock of {@code key} if no one holds it; {@code null} if someone does. */
  Held tryUploadLock(UploadKey key) throws IOException {
    FileChannel open = use();
    try {
      FileLock lock = open.tryLock(position(key), 1, false);
      if (lock == null) {
        unuse();
        return null;
      }
      return new Held(lock);
    } catch (IOException | RuntimeException e) {
      unuse();
      throw e;
    }
  }

  /** Takes the save lock of {@code key}, waiting for another process's save to end. */
  Held saveLock(UploadKey key) throws IOException {
    FileChannel open = use();
    try {
      return new Held(open.lock(position(key) + 1, 1, false));
    } catch (IOException | RuntimeException e) {
      unuse();
      throw e;
    }
  }

  /**
   * Two bytes per key: the upload lock's at an even position from the key's first 60 bits (a
   * SHA-256: two keys share a position with odds of about one in 10^18), the save lock's next to
   * it.
   */
  static long position(UploadKey key) {
    return Long.parseUnsignedLong(key.value().substring(0, 15), 16) * 2;
  }

  private synchronized FileChannel use() throws IOException {
    if (channel == null) {
      channel = FileSystemAccess.openLockFile(directory, NAME);
    }
    users++;
    return channel;
  }

  private synchronized void unuse() {
    if (--users == 0) {
      FileSystemAccess.closeQuietly(channel); // no lock of this process is left in it
      channel = null;
    }
  }

  /** A lock held in the file; closing it lets go of it. */
  final class Held implements AutoCloseable {
    private final FileLock lock;
    private boolean released;

    private Held(FileLock lock) {
      this.lock = lock;
    }

    @Override
    public synchronized void close() throws IOException {
      if (released) {
        return;
      }
      released = true;
      try {
        lock.release();
      } finally {
        unuse();
      }
    }
  }
}
