package dev.graphupload.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Graph API version, such as {@code v24.0}: the first segment of every request path.
 *
 * @param value {@code v}, a major number, a dot and a minor number
 */
public record ApiVersion(String value) {

  // Declared before DEFAULT: its constructor reads it.
  private static final Pattern SHAPE = Pattern.compile("v[0-9]{1,3}\\.[0-9]{1,3}");

  /** The version this release of the library is written and tested against. */
  public static final ApiVersion DEFAULT = new ApiVersion("v24.0");

  /** Validates the version. */
  public ApiVersion {
    Objects.requireNonNull(value, "API version");
    if (!SHAPE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "An API version looks like 'v24.0'; got '" + Text.abbreviate(value) + "'");
    }
  }

  /**
   * Parses a version.
   *
   * @param value a version such as {@code v24.0}
   * @return the version
   * @throws IllegalArgumentException if the value is not of that shape
   */
  public static ApiVersion of(String value) {
    return new ApiVersion(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
