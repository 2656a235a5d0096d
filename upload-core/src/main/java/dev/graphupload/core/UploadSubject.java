package dev.graphupload.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An upload as checked before anything is sent: what Graph will be told, how long it is, and how it
 * is known to the store. Listeners get it in {@link UploadListener#started}.
 *
 * @param label how messages name the upload ({@link UploadRequest#label()})
 * @param fileName the name Graph is told ({@code file_name})
 * @param fileType the type Graph is told ({@code file_type}); the content's first bytes match it
 * @param length the number of bytes, {@code > 0}
 * @param key the caller's key the upload is resumed by, or empty for a file resumed by its path
 * @param file the local file the bytes come from, or empty for other sources
 */
public record UploadSubject(
    String label,
    String fileName,
    FileType fileType,
    long length,
    Optional<String> key,
    Optional<Path> file) {

  /** Validates the subject. */
  public UploadSubject {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(fileType, "fileType");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(file, "file");
    if (length <= 0) {
      throw new IllegalArgumentException("An upload's length must be positive: " + length);
    }
  }

  /**
   * The caller's key as messages quote it: cut short if long.
   *
   * @return the key, at most about 60 characters, or empty
   */
  public Optional<String> quotedKey() {
    return key.map(Text::abbreviate);
  }

  /**
   * The subject of an upload of a checked file.
   *
   * @param file the file as checked (with the name and type Graph is told)
   * @param request the request it was checked for
   * @return the subject
   */
  public static UploadSubject of(SourceFile file, UploadRequest request) {
    return new UploadSubject(
        request.label(),
        file.name(),
        file.type(),
        file.length(),
        request.key(),
        Optional.of(file.path()));
  }

  /**
   * Checks bytes from a source other than a file and describes them: their length is positive and
   * within {@code maxLength}, and their first bytes match the type. Reads at most the first {@value
   * MagicBytes#NEEDED} bytes. Nothing is sent anywhere.
   *
   * @param source the source
   * @param request the request it came with (its name is required for such a source)
   * @param maxLength the largest length accepted, in bytes
   * @return the subject
   * @throws InvalidFileException naming the upload and what is wrong with it
   */
  public static UploadSubject inspect(UploadSource source, UploadRequest request, long maxLength) {
    String label = request.label();
    String name =
        request
            .fileName()
            .orElseThrow(() -> new IllegalArgumentException("A request for bytes needs a name"));
    long length;
    byte[] head = new byte[MagicBytes.NEEDED];
    int read = 0;
    try {
      length = source.length();
      ByteBuffer buffer =
          ByteBuffer.wrap(head, 0, (int) Math.min(head.length, Math.max(0, length)));
      while (buffer.hasRemaining()) {
        int n = source.read(buffer, buffer.position());
        if (n < 0) {
          break;
        }
      }
      read = buffer.position();
    } catch (IOException | RuntimeException e) {
      throw new InvalidFileException(label, "its source cannot be read: " + e.getMessage(), e);
    }
    if (length <= 0) {
      throw new InvalidFileException(label, "it is empty; Graph does not accept empty files", null);
    }
    if (length > maxLength) {
      throw new InvalidFileException(label, SourceFile.tooLong(length, maxLength), null);
    }
    FileType type =
        TypeCheck.check(
            name,
            request.fileType(),
            true,
            head,
            read,
            why -> new InvalidFileException(label, why, null));
    return new UploadSubject(label, name, type, length, request.key(), Optional.empty());
  }
}
