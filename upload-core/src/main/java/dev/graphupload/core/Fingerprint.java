package dev.graphupload.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What identifies the content of a local file between runs: its absolute path, size, modification
 * time, and a SHA-256 of samples from its head and tail.
 *
 * <p>A stored session is resumed only when the file's fingerprint is unchanged; otherwise the bytes
 * on the server may not be the file's bytes any more, and a new session starts.
 *
 * @param path the file's absolute, normalized path
 * @param size the file's length in bytes
 * @param modified the file's last modification time
 * @param sampleSha256 the SHA-256, in lower-case hex, of the size and the sampled bytes
 * @param identity the file's identity on its file system — device, inode and status-change time
 *     where the system tells them — or empty where it does not. The status-change time (ctime)
 *     moves on every write and cannot be set back by a program (unlike the modification time that
 *     backup and sync tools restore), and the inode changes when a file is replaced by a rename; so
 *     an edit that keeps the size and restores the modification time is still seen.
 */
public record Fingerprint(
    Path path, long size, Instant modified, String sampleSha256, Optional<String> identity) {

  /** Bytes sampled from each end of the file. */
  static final int SAMPLE_BYTES = 64 * 1024;

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /**
   * A fingerprint without the file's identity (as records written before it was kept hold).
   *
   * @param path the file's absolute, normalized path
   * @param size the file's length in bytes
   * @param modified the file's last modification time
   * @param sampleSha256 the SHA-256 of the size and the sampled bytes
   */
  public Fingerprint(Path path, long size, Instant modified, String sampleSha256) {
    this(path, size, modified, sampleSha256, Optional.empty());
  }

  /** Validates the fingerprint. */
  public Fingerprint {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(modified, "modified");
    Objects.requireNonNull(sampleSha256, "sampleSha256");
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("A fingerprint's path must be absolute: " + path);
    }
    if (size < 0) {
      throw new IllegalArgumentException("A fingerprint's size cannot be negative: " + size);
    }
    if (!SHA256_HEX.matcher(sampleSha256).matches()) {
      throw new IllegalArgumentException(
          "A fingerprint's sample hash is 64 lower-case hex digits; got '"
              + Text.abbreviate(sampleSha256)
              + "'");
    }
  }

  /**
   * Takes the fingerprint of a file by reading at most 128 KiB of it.
   *
   * @param file the inspected file
   * @return its fingerprint
   * @throws InvalidFileException if the file cannot be read
   */
  public static Fingerprint of(SourceFile file) {
    MessageDigest digest = sha256();
    digest.update(ByteBuffer.allocate(Long.BYTES).putLong(0, file.length()));
    try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
      long size = channel.size();
      sample(channel, 0, Math.min(SAMPLE_BYTES, size), digest);
      long tail = Math.max(SAMPLE_BYTES, size - SAMPLE_BYTES);
      sample(channel, tail, size - tail, digest);
    } catch (IOException e) {
      throw new InvalidFileException(file.path(), "it cannot be read: " + e.getMessage(), e);
    }
    return new Fingerprint(
        file.path(),
        file.length(),
        file.modified(),
        HexFormat.of().formatHex(digest.digest()),
        identityOf(file.path()));
  }

  /**
   * The identity of the file at {@code path} now: device, inode and status-change time, where the
   * file system tells them.
   *
   * @param path the file
   * @return the identity, or empty where it cannot be read
   */
  public static Optional<String> identityOf(Path path) {
    try {
      Map<String, Object> unix = Files.readAttributes(path, "unix:dev,ino,ctime");
      return Optional.of(
          "dev=" + unix.get("dev") + ",ino=" + unix.get("ino") + ",ctime=" + unix.get("ctime"));
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      return Optional.empty(); // not a POSIX file system: size, time and samples must do
    }
  }

  private static void sample(FileChannel channel, long from, long count, MessageDigest digest)
      throws IOException {
    if (count <= 0) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) count);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, from + buffer.position()) < 0) {
        throw new UncheckedIOException(new IOException("the file shrank while it was read"));
      }
    }
    digest.update(buffer.flip());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime provides SHA-256", e);
    }
  }

  /**
   * Whether the file looks the same but for its identity: same path, size, modification time and
   * sampled bytes, another inode or status-change time. A {@code chmod}, a new hard link or a copy
   * put back in place does that, and so does an edit whose modification time was set back: only the
   * content can tell which.
   *
   * @param now the file's fingerprint today
   * @return {@code true} if only the identity differs
   */
  public boolean differsOnlyInIdentity(Fingerprint now) {
    return path.equals(now.path)
        && size == now.size
        && modified.equals(now.modified)
        && sampleSha256.equals(now.sampleSha256)
        && identity.isPresent()
        && now.identity.isPresent()
        && !identity.equals(now.identity);
  }

  /**
   * Why the file with fingerprint {@code now} is no longer the file this fingerprint was taken of.
   *
   * @param now the file's fingerprint today
   * @return a reason fit for a user, or empty when the file is unchanged
   */
  public Optional<String> changeSince(Fingerprint now) {
    if (!path.equals(now.path)) {
      return Optional.of("it is a different file (" + now.path + " instead of " + path + ")");
    }
    if (size != now.size) {
      return Optional.of("its size changed from " + size + " to " + now.size + " bytes");
    }
    if (!modified.equals(now.modified)) {
      return Optional.of("it was modified (at " + now.modified + ", before at " + modified + ")");
    }
    if (!sampleSha256.equals(now.sampleSha256)) {
      return Optional.of("its content changed");
    }
    if (identity.isPresent() && now.identity.isPresent() && !identity.equals(now.identity)) {
      return Optional.of(
          "it was written to or replaced since (its inode or status-change time differs), though"
              + " its size and modification time are the same");
    }
    return Optional.empty();
  }
}
