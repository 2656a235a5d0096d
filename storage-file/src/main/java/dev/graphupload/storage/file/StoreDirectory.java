package dev.graphupload.storage.file;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.store.SessionStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What a store directory may hold, so that the store never touches what it did not write: its
 * records ({@code <key>.json}), their temporary and lock files, {@code corrupt/}, and a marker file
 * that says the directory is a store's.
 */
final class StoreDirectory {

  static final String MARKER = ".graph-upload-store";

  private static final Pattern OWN =
      Pattern.compile(
          "[0-9a-f]{64}(\\.json|\\.json\\.tmp-.*|\\.lock|\\.save\\.lock)|corrupt|locks"
              + "|\\.graph-upload-store(\\.tmp-.*)?");
  private static final Pattern RECORD = Pattern.compile("[0-9a-f]{64}\\.json");

  private StoreDirectory() {}

  private static final Pattern LEGACY_LOCK =
      Pattern.compile("[0-9a-f]{64}(\\.lock|\\.save\\.lock)");

  /** What the marker says once no per-record lock file of earlier versions is left. */
  private static final String LOCKS_IN_ONE_FILE = "Its locks are bytes of one file, locks.";

  /**
   * Deletes the per-record lock files earlier versions left (two per record, never deleted): this
   * version locks bytes of one file, {@link LockFile#NAME}, and never opens them. The directory is
   * read once, the first time this version opens it; the marker then says so, and later opens read
   * no more than the marker (a store of ten thousand records opens as fast as an empty one).
   */
  static void deleteLegacyLockFiles(Path dir) throws IOException {
    Path marker = dir.resolve(MARKER);
    if (Files.exists(marker)
        && Files.readString(marker, StandardCharsets.US_ASCII).contains(LOCKS_IN_ONE_FILE)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (LEGACY_LOCK.matcher(entry.getFileName().toString()).matches()) {
          Files.deleteIfExists(entry);
        }
      }
    }
    FileSystemAccess.writeAtomically(dir, marker, markerText());
  }

  private static byte[] markerText() {
    return ("This directory holds graph-upload session records.\n" + LOCKS_IN_ONE_FILE + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether {@code file} is named as one of the store's records. */
  static boolean isRecordFile(Path file) {
    return RECORD.matcher(file.getFileName().toString()).matches();
  }

  /**
   * Refuses a directory that holds anything but a store's own files: records there would mix with
   * the user's files, and a listing would take theirs for unreadable records.
   */
  static void requireOurs(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new SessionStoreException(
          dir + " is not a directory: give the session store a directory of its own",
          FailureKind.FATAL,
          null);
    }
    if (Files.exists(dir.resolve(MARKER))) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (!OWN.matcher(entry.getFileName().toString()).matches()) {
          throw new SessionStoreException(
              dir
                  + " holds files that are not session records (such as "
                  + entry.getFileName()
                  + "): give the session store an empty or new directory of its own",
              FailureKind.FATAL,
              null);
        }
      }
    }
  }

  /** Marks {@code dir} as a store's, so that later opens know it for one. */
  static void mark(Path dir) throws IOException {
    Path marker = dir.resolve(MARKER);
    if (Files.notExists(marker)) {
      FileSystemAccess.writeAtomically(dir, marker, markerText());
    }
  }

  /**
   * Deletes what the store's {@code corrupt/} holds from before {@code before}; the directory too
   * if empty.
   */
  static void pruneCorrupt(Path directory, Instant before) {
    Path corrupt = directory.resolve("corrupt");
    if (!Files.isDirectory(corrupt, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(corrupt)) {
      for (Path file : files) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
            && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS)
                .toInstant()
                .isBefore(before)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      return; // pruning is housekeeping: the next open tries again
    }
    try {
      Files.deleteIfExists(corrupt); // only when empty
    } catch (IOException e) {
      // not empty: newer records set aside stay
    }
  }
}
