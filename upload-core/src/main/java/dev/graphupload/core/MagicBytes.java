package dev.graphupload.core;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Recognizes the accepted formats by their first bytes. */
final class MagicBytes {

  /** How many leading bytes {@link #detect} needs to see. */
  static final int NEEDED = 12;

  private static final byte[] PDF = "%PDF-".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
  private static final byte[] FTYP = "ftyp".getBytes(StandardCharsets.US_ASCII);

  private MagicBytes() {}

  static Optional<FileType> detect(byte[] head, int length) {
    if (startsWith(head, length, 0, PDF)) {
      return Optional.of(FileType.PDF);
    }
    if (startsWith(head, length, 0, PNG)) {
      return Optional.of(FileType.PNG);
    }
    if (startsWith(head, length, 0, JPEG)) {
      return Optional.of(FileType.JPEG);
    }
    // ISO base media: a 4-byte box size, then the 'ftyp' box type.
    if (startsWith(head, length, 4, FTYP)) {
      return Optional.of(FileType.MP4);
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] head, int length, int at, byte[] magic) {
    if (length < at + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (head[at + i] != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
