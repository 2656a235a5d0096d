package dev.graphupload.core.internal;

import dev.graphupload.core.FileOffset;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.InvalidFileException;
import dev.graphupload.core.SourceFile;
import dev.graphupload.core.store.RangeDigest;
import dev.graphupload.core.transport.RequestBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The file of one upload, held open from its start to its end so that every byte sent comes from
 * the file the upload began with; and the checks that it has not changed since. Thread safe: the
 * channel is only read at positions.
 */
final class OpenFile implements OpenSource {

  private final ContentDigests.Tail digestTail = new ContentDigests.Tail();

  private final SourceFile source;
  private final Optional<String> identity;
  private volatile FileChannel open;

  /**
   * Opens {@code source}.
   *
   * @param source the file as checked
   * @param identity its identity when the upload began
   * @throws InvalidFileException if it cannot be read
   */
  OpenFile(SourceFile source, Optional<String> identity) {
    this.source = source;
    this.identity = identity;
    channel();
  }

  /**
   * The channel. Reopened only if something closed it (a read interrupted on a transport's thread
   * closes a channel) and the path still names the same file.
   */
  FileChannel channel() {
    FileChannel held = open;
    if (held != null && held.isOpen()) {
      return held;
    }
    FileChannel reopened;
    try {
      reopened = FileChannel.open(source.path(), StandardOpenOption.READ);
    } catch (IOException e) {
      throw new InvalidFileException(source.path(), "it cannot be read: " + e.getMessage(), e);
    }
    if (held != null && !Fingerprint.identityOf(source.path()).equals(identity)) {
      closeQuietly(reopened);
      throw changedDuringUpload();
    }
    open = reopened;
    return reopened;
  }

  @Override
  public RequestBody body(FileOffset from, long length) {
    return new RequestBody.FileRegion(source.path(), from.value(), length, Optional.of(channel()));
  }

  @Override
  public List<RangeDigest> digestsUpTo(List<RangeDigest> have, long offset) {
    try {
      return ContentDigests.upTo(have, offset, source.length(), channel()::read, digestTail);
    } catch (UncheckedIOException e) {
      throw new InvalidFileException(
          source.path(), "it cannot be read: " + e.getCause().getMessage(), e);
    }
  }

  @Override
  public Optional<String> firstDifference(List<RangeDigest> digests) {
    try {
      return ContentDigests.firstDifference(digests, channel()::read);
    } catch (UncheckedIOException e) {
      throw new InvalidFileException(
          source.path(), "it cannot be read: " + e.getCause().getMessage(), e);
    }
  }

  /** Checks the file's size, modification time and identity. */
  @Override
  public void checkUnchanged() {
    if (!source.isUnchangedOnDisk() || !Fingerprint.identityOf(source.path()).equals(identity)) {
      throw changedDuringUpload();
    }
  }

  @Override
  public void close() {
    FileChannel held = open;
    open = null;
    if (held != null) {
      closeQuietly(held);
    }
  }

  private InvalidFileException changedDuringUpload() {
    return new InvalidFileException(
        source.path(),
        "it changed while it was being uploaded (it was written to or replaced), so the server's"
            + " copy may mix old and new bytes; run the upload again to send it anew");
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // only read from
    }
  }
}
