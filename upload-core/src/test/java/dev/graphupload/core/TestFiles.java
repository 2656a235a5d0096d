package dev.graphupload.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Makes files of the accepted types, with real magic bytes and seeded random content. */
public final class TestFiles {

  private TestFiles() {}

  /** The leading bytes of each type. */
  public static byte[] magic(FileType type) {
    if (type.sameFormatAs(FileType.PDF)) {
      return "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
    }
    if (type.sameFormatAs(FileType.PNG)) {
      return new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    }
    if (type.sameFormatAs(FileType.JPEG)) {
      return new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0};
    }
    return new byte[] {0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
  }

  /** The content of a file of {@code length} bytes of the given type. */
  public static byte[] content(FileType type, int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    byte[] magic = magic(type);
    System.arraycopy(magic, 0, bytes, 0, Math.min(magic.length, length));
    return bytes;
  }

  /** Writes a file named {@code name} (its extension decides the type) into {@code dir}. */
  public static Path write(Path dir, String name, int length, long seed) {
    FileType type = FileType.fromFileName(name).orElse(FileType.PDF);
    try {
      return Files.write(dir.resolve(name), content(type, length, seed));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An MP4 of {@code length} bytes. */
  public static Path mp4(Path dir, int length, long seed) {
    return write(dir, "clip-" + seed + ".mp4", Math.max(length, 12), seed);
  }
}
