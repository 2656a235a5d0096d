package dev.graphupload.core.transport;

import dev.graphupload.core.UploadSource;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of a {@link TransportRequest}: nothing, a few bytes, a region of a file, or a range of
 * another {@link UploadSource}.
 */
public sealed interface RequestBody {

  /**
   * The number of bytes the body holds: the request's {@code Content-Length}.
   *
   * @return the length in bytes
   */
  long length();

  /** No body at all. */
  record Empty() implements RequestBody {
    @Override
    public long length() {
      return 0;
    }
  }

  /**
   * A small body held in memory. The array is not copied; the caller must not change it.
   *
   * @param bytes the body
   */
  record Bytes(byte[] bytes) implements RequestBody {
    /** Validates the body. */
    public Bytes {
      Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public long length() {
      return bytes.length;
    }

    @Override
    public String toString() {
      return "Bytes[" + bytes.length + " bytes]";
    }
  }

  /**
   * {@code length} bytes of a file starting at {@code offset}, to be streamed (or sent zero-copy)
   * by the transport.
   *
   * <p>The uploader holds the file open for the whole upload and passes its channel as {@code
   * open}: a transport reads through it, with positional reads only ({@link
   * FileChannel#read(java.nio.ByteBuffer, long)}, {@link FileChannel#transferTo}), and never closes
   * it. So the bytes sent are the bytes of the file the upload began with, even if another file is
   * renamed over its path meanwhile. A transport that ignores {@code open} and opens {@code path}
   * itself still works; the uploader's checks of the file between requests then catch such a swap
   * instead.
   *
   * @param path the file
   * @param offset the first byte to send, {@code >= 0}
   * @param length how many bytes to send, {@code >= 0}
   * @param open the file, held open by the uploader, or empty
   */
  record FileRegion(Path path, long offset, long length, Optional<FileChannel> open)
      implements RequestBody {
    /** Validates the region. */
    public FileRegion {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(open, "open");
      if (offset < 0 || length < 0) {
        throw new IllegalArgumentException(
            "A file region needs a non-negative offset and length; got " + offset + "+" + length);
      }
    }

    /**
     * A region the transport opens by path.
     *
     * @param path the file
     * @param offset the first byte to send, {@code >= 0}
     * @param length how many bytes to send, {@code >= 0}
     */
    public FileRegion(Path path, long offset, long length) {
      this(path, offset, length, Optional.empty());
    }

    @Override
    public String toString() {
      return "FileRegion["
          + path
          + ", "
          + offset
          + "+"
          + length
          + (open.isPresent() ? ", held open" : "")
          + "]";
    }
  }

  /**
   * {@code length} bytes of a source other than a file, starting at {@code offset}: the transport
   * reads them through {@link UploadSource#read} in pieces of its own size, as the socket drains,
   * so no more than a few pieces are held in memory at once.
   *
   * @param source the source
   * @param offset the first byte to send, {@code >= 0}
   * @param length how many bytes to send, {@code >= 0}
   */
  record Ranged(UploadSource source, long offset, long length) implements RequestBody {
    /** Validates the range. */
    public Ranged {
      Objects.requireNonNull(source, "source");
      if (offset < 0 || length < 0) {
        throw new IllegalArgumentException(
            "A range needs a non-negative offset and length; got " + offset + "+" + length);
      }
    }

    @Override
    public String toString() {
      return "Ranged[" + source.getClass().getSimpleName() + ", " + offset + "+" + length + "]";
    }
  }

  /**
   * The empty body.
   *
   * @return a body of length zero
   */
  static RequestBody empty() {
    return new Empty();
  }
}
