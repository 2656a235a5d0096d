package dev.graphupload.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A local file that passed every check before upload: it exists, is a regular readable file, its
 * length is within limits, and its extension and its first bytes agree on a type Graph accepts.
 *
 * @param path the file's absolute, normalized path
 * @param name the file name sent to Graph as {@code file_name}: the file's own, or one given
 * @param length the file's length in bytes, {@code > 0}
 * @param type the type sent to Graph as {@code file_type}
 * @param modified the file's last modification time when it was inspected
 */
public record SourceFile(Path path, String name, long length, FileType type, Instant modified) {

  /** Validates the description (not the file: see {@link #inspect}). */
  public SourceFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(modified, "modified");
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("A source file's path must be absolute: " + path);
    }
    if (length <= 0) {
      throw new IllegalArgumentException("A source file's length must be positive: " + length);
    }
  }

  /**
   * Checks a file and describes it. Nothing is sent anywhere.
   *
   * @param file the file to upload
   * @param maxLength the largest length accepted, in bytes
   * @return the description of the file
   * @throws InvalidFileException naming the file and what is wrong with it
   */
  public static SourceFile inspect(Path file, long maxLength) {
    return inspect(file, maxLength, Optional.empty(), Optional.empty());
  }

  /**
   * Checks a file to be uploaded under a name and type of the caller's choosing, and describes it.
   * Nothing is sent anywhere.
   *
   * @param file the file to upload
   * @param maxLength the largest length accepted, in bytes
   * @param name the name Graph is told, or empty for the file's own
   * @param type the type Graph is told, or empty for the type of the name's extension
   * @return the description of the file
   * @throws InvalidFileException naming the file and what is wrong with it
   */
  public static SourceFile inspect(
      Path file, long maxLength, Optional<String> name, Optional<FileType> type) {
    Path path = file.toAbsolutePath().normalize();
    BasicFileAttributes attributes = readAttributes(path);
    if (attributes.isDirectory()) {
      throw new InvalidFileException(path, "it is a directory; give the path of a file");
    }
    if (!attributes.isRegularFile()) {
      throw new InvalidFileException(path, "it is not a regular file (a device, pipe or socket)");
    }
    if (!Files.isReadable(path)) {
      throw new InvalidFileException(path, "it is not readable; check its permissions");
    }
    long length = attributes.size();
    if (length == 0) {
      throw new InvalidFileException(path, "it is empty; Graph does not accept empty files");
    }
    if (length > maxLength) {
      throw new InvalidFileException(path, tooLong(length, maxLength));
    }
    String shown = name.orElse(path.getFileName().toString());
    byte[] head = new byte[MagicBytes.NEEDED];
    int read = readHead(path, head);
    FileType checked =
        TypeCheck.check(
            shown, type, name.isPresent(), head, read, why -> new InvalidFileException(path, why));
    return new SourceFile(path, shown, length, checked, attributes.lastModifiedTime().toInstant());
  }

  /** Why {@code length} bytes are too many. */
  static String tooLong(long length, long maxLength) {
    return "it is "
        + length
        + " bytes, more than the limit of "
        + maxLength
        + " bytes (raise it with the builder's maxFileLength, or the command's --max-file-size)";
  }

  private static BasicFileAttributes readAttributes(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new InvalidFileException(path, "it does not exist");
    } catch (AccessDeniedException e) {
      throw new InvalidFileException(path, "it cannot be accessed; check its permissions");
    } catch (IOException e) {
      throw new InvalidFileException(path, "it cannot be read: " + e.getMessage(), e);
    }
  }

  private static int readHead(Path path, byte[] head) {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.wrap(head);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read until the buffer is full or the file ends
      }
      return buffer.position();
    } catch (AccessDeniedException e) {
      throw new InvalidFileException(path, "it is not readable; check its permissions");
    } catch (IOException e) {
      throw new InvalidFileException(path, "it cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the file still looks as it did when inspected: same length and modification time.
   *
   * @return {@code true} if it does
   */
  public boolean isUnchangedOnDisk() {
    try {
      BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class);
      return now.size() == length && now.lastModifiedTime().toInstant().equals(modified);
    } catch (IOException e) {
      return false;
    }
  }
}
