package dev.graphupload.core;

import java.nio.ByteBuffer;

/** Bytes in memory as the source of an upload: {@link UploadSource#of(byte[])}. */
final class MemorySource implements UploadSource {

  private final ByteBuffer bytes;

  MemorySource(ByteBuffer bytes) {
    this.bytes = bytes;
  }

  @Override
  public long length() {
    return bytes.remaining();
  }

  @Override
  public int read(ByteBuffer target, long position) {
    if (position < 0) {
      throw new IllegalArgumentException("A position cannot be negative: " + position);
    }
    if (position >= bytes.remaining()) {
      return -1;
    }
    int count = (int) Math.min(target.remaining(), bytes.remaining() - position);
    target.put(bytes.slice((int) position + bytes.position(), count));
    return count;
  }

  /** The bytes, as a buffer of their own (the caller may move its position). */
  ByteBuffer bytes() {
    return bytes.duplicate();
  }

  @Override
  public String toString() {
    return "MemorySource[" + bytes.remaining() + " bytes]";
  }
}
