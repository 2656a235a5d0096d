package dev.graphupload.storage.file;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.store.SessionStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** The file-system moves of the store: private files, atomic durable writes, clear errors. */
final class FileSystemAccess {

  private static final Set<PosixFilePermission> PRIVATE_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private FileSystemAccess() {}

  /**
   * Makes {@code dir} and its missing parents, each 0700; directories that already exist keep their
   * mode.
   */
  static void makePrivateDirectories(Path dir) throws IOException {
    Path first = dir;
    while (first.getParent() != null && !Files.exists(first.getParent())) {
      first = first.getParent();
    }
    Files.createDirectories(dir);
    for (Path p = dir; p != null; p = p.getParent()) {
      makePrivateDirectory(p);
      if (p.equals(first)) {
        break;
      }
    }
  }

  static void makePrivateDirectory(Path dir) throws IOException {
    try {
      Files.setPosixFilePermissions(dir, PRIVATE_DIRECTORY);
    } catch (UnsupportedOperationException notPosix) {
      // a file system without POSIX permissions: nothing more to do
    }
  }

  private static FileAttribute<?>[] privateFile(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_FILE)}
        : new FileAttribute<?>[0];
  }

  /** Temp file, fsync, atomic rename over {@code target}, fsync of the directory. */
  static void writeAtomically(Path dir, Path target, byte[] bytes) throws IOException {
    // a random name, not a UUID: a UUID's generator is a SecureRandom, whose seeding took about
    // 7 ms of a one-file command's start (profiled); CREATE_NEW refuses the one-in-2^64 repeat
    Path temp =
        dir.resolve(
            target.getFileName()
                + ".tmp-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
    try {
      try (FileChannel channel =
          FileChannel.open(
              temp,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              privateFile(dir))) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      forceDirectory(dir);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** Makes a rename in {@code dir} durable. */
  static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      if (!e.getClass().equals(IOException.class)) {
        throw e; // an error of the file system itself; plain IOException means "not supported here"
      }
    }
  }

  /** Opens (creating it 0600) the store's lock file. */
  static FileChannel openLockFile(Path dir, String name) throws IOException {
    return FileChannel.open(
        dir.resolve(name),
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
        privateFile(dir));
  }

  static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing a lock file: nothing was written through it
      }
    }
  }

  /** An I/O failure as a store error that says what happened and what to do. */
  static SessionStoreException failure(String action, Path dir, IOException e) {
    String reason =
        e instanceof FileSystemException fse && fse.getReason() != null
            ? fse.getReason()
            : String.valueOf(e.getMessage());
    String message;
    if (reason.contains("No space left")) {
      message =
          "Could not "
              + action
              + ": the disk holding "
              + dir
              + " is full. Free some space and run the upload again; its progress on the server is kept";
    } else if (e instanceof AccessDeniedException || reason.contains("Read-only file system")) {
      message =
          "Could not "
              + action
              + ": "
              + dir
              + " is not writable ("
              + reason
              + "). Fix its permissions or choose another store directory";
    } else if (e instanceof NoSuchFileException) {
      message =
          "Could not "
              + action
              + ": "
              + dir
              + " does not exist and cannot be made there (a missing parent, or a file system"
              + " that takes no new directories, such as /proc). Choose another store directory";
    } else {
      message =
          "Could not "
              + action
              + " in "
              + dir
              + ": "
              + reason
              + (e instanceof FileSystemException ? "" : " (" + e.getClass().getSimpleName() + ")");
    }
    return new SessionStoreException(message, FailureKind.FATAL, e);
  }
}
