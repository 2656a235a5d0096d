package dev.graphupload.core.internal;

import dev.graphupload.core.FileOffset;
import dev.graphupload.core.store.RangeDigest;
import dev.graphupload.core.transport.RequestBody;
import java.util.List;
import java.util.Optional;

/**
 * The bytes of one upload, open from its start to its end: the bodies of its sends, the digests of
 * what was sent, and the checks that the bytes have not changed. A file ({@link OpenFile}) or any
 * other {@link dev.graphupload.core.UploadSource} ({@link OpenRanged}).
 */
sealed interface OpenSource permits OpenFile, OpenRanged {

  /** The body of a send of {@code length} bytes from {@code from}. */
  RequestBody body(FileOffset from, long length);

  /**
   * The digests {@code have} extended to cover bytes 0 to {@code offset}.
   *
   * @throws dev.graphupload.core.InvalidFileException if the bytes cannot be read
   */
  List<RangeDigest> digestsUpTo(List<RangeDigest> have, long offset);

  /**
   * The first range whose bytes now differ from its digest.
   *
   * @throws dev.graphupload.core.InvalidFileException if the bytes cannot be read
   */
  Optional<String> firstDifference(List<RangeDigest> digests);

  /**
   * Checks that the bytes are as they were when the upload began: before every request and after
   * the last.
   *
   * @throws dev.graphupload.core.InvalidFileException if they are not
   */
  void checkUnchanged();

  /** Lets go of the bytes: the upload has ended. */
  void close();
}
