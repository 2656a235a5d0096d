package dev.graphupload.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The handle Graph returns once every byte of a file has arrived; other Graph calls take it to
 * refer to the uploaded file.
 *
 * <p>Real handles look like {@code 2:c2FtcGxlLm1wNA==:image/jpeg:GKAj…:e:1472075513:ARZ_…}: a
 * version, the base64 file name, the MIME type, an opaque part, {@code e:} and the expiry as epoch
 * seconds, and a signature. The library treats the handle as opaque; {@link #expiresAt()} reads the
 * expiry when the handle carries one.
 *
 * @param value the handle as Graph returned it, with no white space or control characters
 */
public record FileHandle(String value) {

  /** Validates the handle. */
  public FileHandle {
    Objects.requireNonNull(value, "file handle");
    if (value.isBlank() || Text.hasControlChars(value) || value.chars().anyMatch(c -> c == ' ')) {
      throw new IllegalArgumentException(
          "A file handle is a non-empty string without spaces; got '"
              + Text.abbreviate(value)
              + "'");
    }
  }

  /**
   * Parses a handle.
   *
   * @param value the handle as Graph returned it
   * @return the handle
   */
  public static FileHandle of(String value) {
    return new FileHandle(value);
  }

  /**
   * When Graph says the handle stops being valid, read from its {@code :e:<epoch seconds>:} part.
   *
   * @return the expiry, or empty when the handle does not carry one
   */
  public Optional<Instant> expiresAt() {
    String[] parts = value.split(":", -1);
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equals("e") && !parts[i + 1].isEmpty() && parts[i + 1].length() <= 12) {
        try {
          return Optional.of(Instant.ofEpochSecond(Long.parseLong(parts[i + 1])));
        } catch (NumberFormatException notAnExpiry) {
          // an opaque part that happens to be "e": keep looking
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return value;
  }
}
