package dev.graphupload.core.internal;

import dev.graphupload.core.store.RangeDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The SHA-256 of the bytes sent, range by range, read from the file the upload holds open before
 * each request sends them: kept in the record when content is verified, and read again by a later
 * run to prove that whatever the server holds is the file's bytes before it resumes or reuses a
 * handle.
 *
 * <p>At most about 128 ranges per file: a range shorter than {@link #rangeFor} is extended with
 * what follows it, so a record stays small whatever the chunk size. The digest of the last range is
 * kept in memory between requests ({@link Tail}), so extending it reads only the new bytes: a run
 * hashes each byte it sends once, plus the last short range of a record it resumes from.
 */
final class ContentDigests {

  private static final int BUFFER = 1 << 20;

  private ContentDigests() {}

  /** The shortest range kept on its own: 1 MiB, or 1/128 of the file if that is more. */
  static long rangeFor(long length) {
    return Math.max(1L << 20, length / 128);
  }

  /**
   * Where the digests end.
   *
   * @return the byte after the last one covered
   */
  static long covered(List<RangeDigest> digests) {
    return digests.isEmpty() ? 0 : digests.get(digests.size() - 1).to();
  }

  /**
   * The digests extended to cover bytes 0 to {@code to}: taken before a request sends them, so that
   * whatever part of the request the server keeps, a later run can compare it.
   *
   * @param have the digests so far
   * @param to the end of the bytes about to be sent
   * @param length the file's length
   * @param file the file, read positionally
   * @param tail the running digest of the last range, kept by the open source between calls
   * @return digests covering at least bytes 0 to {@code to}
   */
  static List<RangeDigest> upTo(
      List<RangeDigest> have, long to, long length, ReadAt file, Tail tail) {
    long from = covered(have);
    if (to <= from) {
      return have;
    }
    List<RangeDigest> out = new ArrayList<>(have);
    MessageDigest digest = newDigest();
    long start = from;
    if (!out.isEmpty()) {
      RangeDigest last = out.get(out.size() - 1);
      if (last.to() - last.from() < rangeFor(length)) {
        out.remove(out.size() - 1);
        start = last.from();
        Optional<MessageDigest> continued = tail.continuing(last);
        digest = continued.orElse(digest);
        from = continued.isPresent() ? last.to() : last.from();
      }
    }
    update(digest, file, from, to);
    RangeDigest range = new RangeDigest(start, to, tail.keep(start, to, digest));
    out.add(range);
    return List.copyOf(out);
  }

  /**
   * The state of the digest of the range last made, so that the next call can extend it by reading
   * only the bytes after it. One per open source; calls on it come one at a time.
   */
  static final class Tail {
    private RangeDigest range;
    private MessageDigest state;

    /** A copy of the state that made {@code last}, if this tail made it. */
    synchronized Optional<MessageDigest> continuing(RangeDigest last) {
      return last.equals(range) ? Optional.of(copy(state)) : Optional.empty();
    }

    /** Keeps {@code digest}'s state as the range's, and returns the range's SHA-256. */
    synchronized String keep(long from, long to, MessageDigest digest) {
      state = copy(digest);
      String sha256 = HexFormat.of().formatHex(digest.digest());
      range = new RangeDigest(from, to, sha256);
      return sha256;
    }

    private static MessageDigest copy(MessageDigest digest) {
      try {
        return (MessageDigest) digest.clone();
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException("The runtime's SHA-256 cannot be copied", e);
      }
    }
  }

  /**
   * The first range whose bytes in the file now differ from its digest.
   *
   * @param digests the recorded digests
   * @param file the file, read positionally
   * @return a description of the first range that differs, or empty when all match
   */
  static Optional<String> firstDifference(List<RangeDigest> digests, ReadAt file) {
    for (RangeDigest d : digests) {
      if (!sha256(file, d.from(), d.to()).equals(d.sha256())) {
        return Optional.of(
            "bytes " + d.from() + " to " + d.to() + " differ from the bytes that were sent");
      }
    }
    return Optional.empty();
  }

  static String sha256(ReadAt file, long from, long to) {
    MessageDigest digest = newDigest();
    update(digest, file, from, to);
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime provides SHA-256", e);
    }
  }

  private static void update(MessageDigest digest, ReadAt file, long from, long to) {
    if (to <= from) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(BUFFER, to - from));
    try {
      for (long at = from; at < to; ) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), to - at));
        int read = file.read(buffer, at);
        if (read < 0) {
          throw new IOException("the source ends at byte " + at + ", before byte " + to);
        }
        at += read;
        digest.update(buffer.flip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
