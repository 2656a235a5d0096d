package dev.graphupload.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Positional reads of an upload's bytes, as {@link java.nio.channels.FileChannel#read(ByteBuffer,
 * long)} and {@link dev.graphupload.core.UploadSource#read} both do.
 */
@FunctionalInterface
interface ReadAt {

  /**
   * Reads bytes at {@code position} into {@code target}.
   *
   * @return how many were read, or {@code -1} at the end
   * @throws IOException if they cannot be read
   */
  int read(ByteBuffer target, long position) throws IOException;
}
