package dev.graphupload.core.store;

import java.util.regex.Pattern;

/**
 * The SHA-256 of bytes {@code from} (inclusive) to {@code to} (exclusive) of a file, as they were
 * when the server confirmed them: what lets a later run prove, by reading the file again, that the
 * bytes the server holds are still the file's.
 *
 * @param from the first byte, {@code >= 0}
 * @param to the byte after the last, {@code > from}
 * @param sha256 the SHA-256 of the range, 64 lower-case hex digits
 */
public record RangeDigest(long from, long to, String sha256) {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** Validates the digest. */
  public RangeDigest {
    if (from < 0 || to <= from) {
      throw new IllegalArgumentException(
          "A range digest needs 0 <= from < to; got " + from + ".." + to);
    }
    if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "A range digest's SHA-256 is 64 lower-case hex digits; got '" + sha256 + "'");
    }
  }
}
