package dev.graphupload.core;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A MIME type the Resumable Upload API accepts as {@code file_type}: {@code application/pdf},
 * {@code image/jpeg}, {@code image/jpg}, {@code image/png} or {@code video/mp4}.
 *
 * @param mimeType one of the five accepted types, in lower case
 */
public record FileType(String mimeType) {

  // Declared before the constants below: their constructor reads it.
  private static final List<String> ACCEPTED =
      List.of("application/pdf", "image/jpeg", "image/jpg", "image/png", "video/mp4");

  /** {@code application/pdf}. */
  public static final FileType PDF = new FileType("application/pdf");

  /** {@code image/jpeg}. */
  public static final FileType JPEG = new FileType("image/jpeg");

  /** {@code image/jpg}: accepted by Graph as a synonym of {@link #JPEG}. */
  public static final FileType JPG = new FileType("image/jpg");

  /** {@code image/png}. */
  public static final FileType PNG = new FileType("image/png");

  /** {@code video/mp4}. */
  public static final FileType MP4 = new FileType("video/mp4");

  /** Validates the type. */
  public FileType {
    Objects.requireNonNull(mimeType, "file type");
    if (!ACCEPTED.contains(mimeType)) {
      throw new IllegalArgumentException(
          "Graph's Resumable Upload API accepts only "
              + String.join(", ", ACCEPTED)
              + "; got '"
              + Text.abbreviate(mimeType)
              + "'");
    }
  }

  /**
   * Parses a MIME type, ignoring case.
   *
   * @param mimeType one of the five accepted types
   * @return the type
   * @throws IllegalArgumentException if Graph does not accept that type
   */
  public static FileType of(String mimeType) {
    return new FileType(Objects.requireNonNull(mimeType, "file type").toLowerCase(Locale.ROOT));
  }

  /**
   * The type a file name's extension stands for.
   *
   * @param fileName a file name such as {@code clip.MP4}
   * @return the type, or empty when the extension is not one Graph accepts
   */
  public static Optional<FileType> fromFileName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    switch (fileName.substring(dot + 1).toLowerCase(Locale.ROOT)) {
      case "pdf":
        return Optional.of(PDF);
      case "jpg":
      case "jpeg":
        return Optional.of(JPEG);
      case "png":
        return Optional.of(PNG);
      case "mp4":
        return Optional.of(MP4);
      default:
        return Optional.empty();
    }
  }

  /**
   * Whether two types name the same format ({@code image/jpg} and {@code image/jpeg} do).
   *
   * @param other the type to compare with
   * @return {@code true} if both describe the same format
   */
  public boolean sameFormatAs(FileType other) {
    return canonical().equals(other.canonical());
  }

  private FileType canonical() {
    return this.equals(JPG) ? JPEG : this;
  }

  @Override
  public String toString() {
    return mimeType;
  }
}
