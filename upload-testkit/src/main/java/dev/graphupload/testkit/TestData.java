package dev.graphupload.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Files for transport and end-to-end tests, made at test time, never committed. */
public final class TestData {

  private static final byte[] MP4_HEAD = {0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};

  private TestData() {}

  /**
   * An MP4 of {@code length} bytes (at least 12) of seeded random content.
   *
   * @param dir where to write it
   * @param length its length
   * @param seed the content's seed
   * @return the file
   * @throws IOException if it cannot be written
   */
  public static Path randomMp4(Path dir, int length, long seed) throws IOException {
    byte[] bytes = new byte[Math.max(length, MP4_HEAD.length)];
    new Random(seed).nextBytes(bytes);
    System.arraycopy(MP4_HEAD, 0, bytes, 0, MP4_HEAD.length);
    return Files.write(dir.resolve("random-" + seed + "-" + length + ".mp4"), bytes);
  }

  /**
   * A large MP4 that costs no disk space: a sparse file, mostly zeros, with random bytes every
   * mebibyte so that misplaced bytes are caught.
   *
   * @param dir where to write it
   * @param length its length
   * @return the file
   * @throws IOException if it cannot be written
   */
  public static Path sparseMp4(Path dir, long length) throws IOException {
    Path file = dir.resolve("sparse-" + length + ".mp4");
    Random random = new Random(length);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(length);
      raf.write(MP4_HEAD);
      byte[] marker = new byte[64];
      for (long at = 1 << 20; at + marker.length < length; at += 1 << 20) {
        random.nextBytes(marker);
        raf.seek(at);
        raf.write(marker);
      }
    }
    return file;
  }

  /**
   * The SHA-256 of bytes, in lower-case hex.
   *
   * @param bytes the bytes
   * @return the digest
   */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The SHA-256 of a file, in lower-case hex.
   *
   * @param file the file
   * @return its digest
   * @throws IOException if it cannot be read
   */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
