package dev.graphupload.core.internal;

import dev.graphupload.core.FileOffset;
import dev.graphupload.core.InvalidFileException;
import dev.graphupload.core.UploadSource;
import dev.graphupload.core.UploadSubject;
import dev.graphupload.core.store.RangeDigest;
import dev.graphupload.core.transport.RequestBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The bytes of an upload from a source other than a file, read through its ranged reads. */
final class OpenRanged implements OpenSource {

  private final ContentDigests.Tail digestTail = new ContentDigests.Tail();

  private final UploadSource source;
  private final UploadSubject subject;

  OpenRanged(UploadSource source, UploadSubject subject) {
    this.source = source;
    this.subject = subject;
  }

  @Override
  public RequestBody body(FileOffset from, long length) {
    return new RequestBody.Ranged(source, from.value(), length);
  }

  @Override
  public List<RangeDigest> digestsUpTo(List<RangeDigest> have, long offset) {
    try {
      return ContentDigests.upTo(have, offset, subject.length(), source::read, digestTail);
    } catch (UncheckedIOException e) {
      throw unreadable(e.getCause());
    }
  }

  @Override
  public Optional<String> firstDifference(List<RangeDigest> digests) {
    try {
      return ContentDigests.firstDifference(digests, source::read);
    } catch (UncheckedIOException e) {
      throw unreadable(e.getCause());
    }
  }

  @Override
  public void checkUnchanged() {
    long now;
    try {
      now = source.length();
    } catch (IOException | RuntimeException e) {
      throw unreadable(e);
    }
    if (now != subject.length()) {
      throw new InvalidFileException(
          subject.label(),
          "its source changed length during the upload ("
              + subject.length()
              + " bytes, now "
              + now
              + "); a source must give the same bytes on every read",
          null);
    }
  }

  @Override
  public void close() {
    // the caller owns the source
  }

  private InvalidFileException unreadable(Throwable e) {
    return new InvalidFileException(
        subject.label(), "its source cannot be read: " + e.getMessage(), e);
  }
}
