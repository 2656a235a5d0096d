package dev.graphupload.core.transport;

import java.nio.file.Path;
import java.util.Objects;

/** The body of a {@link TransportRequest}: nothing, a few bytes, or a region of a file. */
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
   * @param path the file
   * @param offset the first byte to send, {@code >= 0}
   * @param length how many bytes to send, {@code >= 0}
   */
  record FileRegion(Path path, long offset, long length) implements RequestBody {
    /** Validates the region. */
    public FileRegion {
      Objects.requireNonNull(path, "path");
      if (offset < 0 || length < 0) {
        throw new IllegalArgumentException(
            "A file region needs a non-negative offset and length; got " + offset + "+" + length);
      }
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
