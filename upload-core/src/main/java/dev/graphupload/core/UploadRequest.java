package dev.graphupload.core;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * What to upload and how Graph and the store know it: the bytes' {@link UploadSource}, the name and
 * type Graph is told ({@code file_name}, {@code file_type}), and the key an interrupted upload is
 * resumed by. A validated value; build one with {@link #builder(UploadSource)}, or use {@link
 * #of(Path)} for a file as it is.
 *
 * <h2>Defaults</h2>
 *
 * <ul>
 *   <li>{@code fileName}: a file's own name. Any other source must be given one.
 *   <li>{@code fileType}: the type of the name's extension. Whatever the type, the content's first
 *       bytes are checked against it before anything is sent.
 *   <li>{@code key}: for a file, the file itself (its path, with its size, time and inode checked
 *       on resume, as {@link GraphUploader#upload(Path)} always did); for bytes in memory and for a
 *       stream, {@code sha256:} and the SHA-256 of the bytes. A source of your own has no default:
 *       give it a key.
 * </ul>
 *
 * <h2>Keys</h2>
 *
 * A key names the content the caller means: an idempotency key of the request that brought the
 * bytes, an order or media id, a content hash. An upload with a key resumes the session stored
 * under that key, wherever the bytes are now (another temporary file, another machine), but only
 * when they are the same bytes: the same length, name and type, and the SHA-256 of every range the
 * server already holds equal to the bytes given now. Other bytes under the same key start a new
 * session, and the listener is told why ({@link RestartReason#OTHER_CONTENT}); a handle for the
 * earlier bytes is never returned for them.
 */
public final class UploadRequest {

  /** The longest key accepted, in characters. */
  public static final int MAX_KEY_LENGTH = 512;

  private final UploadSource source;
  private final InputStream stream;
  private final String fileName;
  private final FileType fileType;
  private final String key;

  private UploadRequest(Builder b) {
    this.source = b.source;
    this.stream = b.stream;
    this.fileName = b.fileName;
    this.fileType = b.fileType;
    this.key = b.key;
  }

  /**
   * A file, under its own name and type, resumed by its path.
   *
   * @param file the file
   * @return the request
   */
  public static UploadRequest of(Path file) {
    return builder(file).build();
  }

  /**
   * A builder for a file.
   *
   * @param file the file
   * @return a builder
   */
  public static Builder builder(Path file) {
    return new Builder(UploadSource.of(file), null);
  }

  /**
   * A builder for any source.
   *
   * @param source where the bytes come from
   * @return a builder
   */
  public static Builder builder(UploadSource source) {
    return new Builder(Objects.requireNonNull(source, "source"), null);
  }

  /**
   * A builder for bytes in memory (not copied: they must not change until the upload ends).
   *
   * @param bytes the bytes
   * @return a builder
   */
  public static Builder builder(byte[] bytes) {
    return builder(UploadSource.of(bytes));
  }

  /**
   * A builder for bytes that can be read only once. The uploader first copies them to a file of its
   * spool directory ({@link GraphUploaderBuilder#spoolDirectory}), which takes as much disk as the
   * stream holds, computing their SHA-256 on the way; it uploads that file and deletes it when the
   * upload ends. The stream is read to its end but not closed.
   *
   * @param stream the bytes
   * @return a builder
   */
  public static Builder ofStream(InputStream stream) {
    return new Builder(null, Objects.requireNonNull(stream, "stream"));
  }

  /**
   * The source; empty for a stream not yet spooled.
   *
   * @return the source
   */
  public Optional<UploadSource> source() {
    return Optional.ofNullable(source);
  }

  /**
   * The stream to spool, for a request made with {@link #ofStream}.
   *
   * @return the stream, or empty
   */
  public Optional<InputStream> stream() {
    return Optional.ofNullable(stream);
  }

  /**
   * The file, when the source is a local file.
   *
   * @return its path, or empty
   */
  public Optional<Path> file() {
    return source instanceof FileSource f ? Optional.of(f.path()) : Optional.empty();
  }

  /**
   * The name Graph is told, when it was given.
   *
   * @return the name, or empty for a file's own name
   */
  public Optional<String> fileName() {
    return Optional.ofNullable(fileName);
  }

  /**
   * The type Graph is told, when it was given.
   *
   * @return the type, or empty for the type of the name's extension
   */
  public Optional<FileType> fileType() {
    return Optional.ofNullable(fileType);
  }

  /**
   * The key the upload is resumed by, when it is not the file itself.
   *
   * @return the key, or empty for a file resumed by its path
   */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /**
   * This request for a spooled stream: the same name, type and key, with the spool file as source.
   * What the uploader does with a stream; not needed otherwise.
   *
   * @param spooled the spool file
   * @param contentKey the key to use when none was given: the stream's {@code sha256:}
   * @return the request to upload
   */
  public UploadRequest spooledTo(Path spooled, String contentKey) {
    Builder b = new Builder(UploadSource.of(spooled), null);
    b.fileName = fileName;
    b.fileType = fileType;
    b.key = key != null ? key : contentKey;
    return b.build();
  }

  /**
   * How messages name this upload: the file's path, else the name Graph is told and the key.
   *
   * @return a short description, never the bytes
   */
  public String label() {
    String keyed = key != null ? " (key " + Text.abbreviate(key) + ")" : "";
    if (source instanceof FileSource f) {
      return f.path() + (fileName != null ? " as '" + fileName + "'" : "") + keyed;
    }
    return "'" + (fileName != null ? fileName : "stream") + "'" + keyed;
  }

  @Override
  public String toString() {
    return "UploadRequest[" + label() + "]";
  }

  /** Builds an {@link UploadRequest}. */
  public static final class Builder {
    private final UploadSource source;
    private final InputStream stream;
    private String fileName;
    private FileType fileType;
    private String key;

    private Builder(UploadSource source, InputStream stream) {
      this.source = source;
      this.stream = stream;
    }

    /**
     * The name Graph is told ({@code file_name}), and whose extension gives the type unless {@link
     * #fileType} is set. Default: a file's own name; required for any other source.
     *
     * @param name a plain file name, such as {@code clip.mp4}
     * @return this builder
     * @throws IllegalArgumentException if it is blank, holds a path separator or a control
     *     character, or is longer than 255 characters
     */
    public Builder fileName(String name) {
      Objects.requireNonNull(name, "fileName");
      if (name.isBlank()
          || name.length() > 255
          || name.contains("/")
          || name.contains("\\")
          || name.chars().anyMatch(Character::isISOControl)
          || name.equals(".")
          || name.equals("..")) {
        throw new IllegalArgumentException(
            "A file name is a plain name such as clip.mp4 (no path, at most 255 characters); got '"
                + Text.abbreviate(name)
                + "'");
      }
      this.fileName = name;
      return this;
    }

    /**
     * The type Graph is told ({@code file_type}). Default: the type of the name's extension. The
     * content's first bytes must match it either way.
     *
     * @param type the type
     * @return this builder
     */
    public Builder fileType(FileType type) {
      this.fileType = Objects.requireNonNull(type, "fileType");
      return this;
    }

    /**
     * The key an interrupted upload is resumed by (see the class comment for what makes a good
     * one).
     *
     * @param key at most {@value UploadRequest#MAX_KEY_LENGTH} characters, no control characters
     * @return this builder
     * @throws IllegalArgumentException if the key is blank, too long, or holds a control character
     */
    public Builder key(String key) {
      Objects.requireNonNull(key, "key");
      if (key.isBlank()
          || key.length() > MAX_KEY_LENGTH
          || key.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(
            "An upload key is 1 to "
                + MAX_KEY_LENGTH
                + " characters with no control characters; got '"
                + Text.abbreviate(key)
                + "'");
      }
      this.key = key;
      return this;
    }

    /**
     * The request.
     *
     * @return the request
     * @throws IllegalStateException if a source other than a file has no name, or a source of the
     *     caller's own has no key
     */
    public UploadRequest build() {
      if (!(source instanceof FileSource) && fileName == null) {
        throw new IllegalStateException(
            "An upload of "
                + (stream != null ? "a stream" : "bytes")
                + " needs the name Graph should show: call fileName(\"clip.mp4\")");
      }
      if (source instanceof MemorySource memory && key == null) {
        key = contentKey(memory);
      }
      if (source != null
          && !(source instanceof FileSource)
          && !(source instanceof MemorySource)
          && key == null) {
        throw new IllegalStateException(
            "An upload from "
                + source.getClass().getSimpleName()
                + " needs a key to be resumed by: call key(...) with an id that stays the same for"
                + " the same bytes (an idempotency key, a content hash)");
      }
      return new UploadRequest(this);
    }

    private static String contentKey(MemorySource memory) {
      MessageDigest digest = Fingerprint.sha256();
      digest.update(memory.bytes());
      return UploadRequest.contentKey(digest);
    }
  }

  /**
   * The default key of bytes with the given digest.
   *
   * @param sha256 the digest of every byte
   * @return {@code sha256:} and the digest in hex
   */
  static String contentKey(MessageDigest sha256) {
    return contentKey(sha256.digest());
  }

  /**
   * The key the uploader gives bytes uploaded without one (bytes in memory, a stream): {@code
   * sha256:} and the SHA-256 of every byte in hex. A service that hashes what it receives can key
   * its uploads the same way, so that the same bytes resume one session whoever sends them.
   *
   * @param sha256 the SHA-256 digest of every byte, 32 bytes
   * @return the key
   * @throws IllegalArgumentException if {@code sha256} is not 32 bytes long
   */
  public static String contentKey(byte[] sha256) {
    if (sha256.length != 32) {
      throw new IllegalArgumentException(
          "A SHA-256 digest is 32 bytes; got " + sha256.length + ": pass MessageDigest.digest()");
    }
    return "sha256:" + HexFormat.of().formatHex(sha256);
  }
}
