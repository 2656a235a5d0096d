package dev.graphupload.core;

/**
 * A position in the file being uploaded: the number of bytes the server holds, or the first byte of
 * a request. Offsets are never negative.
 *
 * @param value a byte count, {@code >= 0}
 */
public record FileOffset(long value) implements Comparable<FileOffset> {

  /** The start of every file. */
  public static final FileOffset ZERO = new FileOffset(0);

  /** Validates the offset. */
  public FileOffset {
    if (value < 0) {
      throw new IllegalArgumentException("A file offset cannot be negative: " + value);
    }
  }

  /**
   * An offset.
   *
   * @param value a byte count, {@code >= 0}
   * @return the offset
   */
  public static FileOffset of(long value) {
    return value == 0 ? ZERO : new FileOffset(value);
  }

  /**
   * This offset moved forward.
   *
   * @param bytes how many bytes to add, {@code >= 0}
   * @return the new offset
   */
  public FileOffset plus(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("Cannot move an offset backwards: " + bytes);
    }
    return of(Math.addExact(value, bytes));
  }

  /**
   * Whether this offset is before {@code other}.
   *
   * @param other the offset to compare with
   * @return {@code true} if this is strictly smaller
   */
  public boolean isBefore(FileOffset other) {
    return value < other.value;
  }

  @Override
  public int compareTo(FileOffset other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
