package dev.graphupload.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A local file as the source of an upload. The uploader does not read it through {@link #read}: it
 * checks the file, holds it open for the whole upload and hands the transport regions of it, which
 * Netty sends with {@code sendfile} and the JDK client through reused direct buffers.
 *
 * @param path the file
 */
public record FileSource(Path path) implements UploadSource {

  /** Validates the source (not the file: the upload checks it when it starts). */
  public FileSource {
    Objects.requireNonNull(path, "path");
  }

  @Override
  public long length() throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return channel.size();
    }
  }

  @Override
  public int read(ByteBuffer target, long position) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return channel.read(target, position);
    }
  }
}
