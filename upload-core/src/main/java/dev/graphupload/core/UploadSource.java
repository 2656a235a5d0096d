package dev.graphupload.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Where the bytes of an upload come from: a fixed number of bytes that can be read at any position,
 * any number of times. A run reads a range again when it resumes, retries a request, or proves that
 * the bytes kept under a key are the bytes it was given.
 *
 * <p>Adapters: {@link #of(Path)} for a local file (sent zero-copy where the transport can), {@link
 * #of(byte[])} and {@link #of(ByteBuffer)} for bytes in memory. An object store, a database blob or
 * anything else that answers ranged reads is one small class: implement {@link #length()} and
 * {@link #read(ByteBuffer, long)} (the README shows one over ranged GETs). Bytes that can be read
 * only once, such as an {@link java.io.InputStream}, are given to {@link
 * UploadRequest#ofStream(java.io.InputStream)} instead, which spools them to a file first.
 *
 * <p>Implementations must be safe for reads from several threads (never at the same position twice
 * at once) and must give the same bytes at the same position every time.
 */
public interface UploadSource {

  /**
   * The number of bytes; the same on every call.
   *
   * @return the length, {@code > 0} for a source Graph accepts
   * @throws IOException if the length cannot be found out
   */
  long length() throws IOException;

  /**
   * Reads bytes starting at {@code position} into {@code target}, as {@link
   * java.nio.channels.FileChannel#read(ByteBuffer, long)} does: at least one byte unless the target
   * is full or the position is at the end.
   *
   * @param target where the bytes go, from its position up to its limit
   * @param position the first byte to read, {@code >= 0}
   * @return how many bytes were read, or {@code -1} at or past the end
   * @throws IOException if the bytes cannot be read; the upload stops, and names the source
   */
  int read(ByteBuffer target, long position) throws IOException;

  /**
   * A local file.
   *
   * @param file the file
   * @return the source
   */
  static FileSource of(Path file) {
    return new FileSource(file);
  }

  /**
   * Bytes in memory. The array is not copied: it must not change until the upload ends.
   *
   * @param bytes the bytes
   * @return the source
   */
  static UploadSource of(byte[] bytes) {
    return new MemorySource(ByteBuffer.wrap(bytes));
  }

  /**
   * The bytes between a buffer's position and its limit. The buffer's position and limit are not
   * changed, nor its content copied: it must not change until the upload ends.
   *
   * @param buffer the bytes
   * @return the source
   */
  static UploadSource of(ByteBuffer buffer) {
    return new MemorySource(buffer.slice().asReadOnlyBuffer());
  }
}
