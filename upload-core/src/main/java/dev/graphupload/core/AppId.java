package dev.graphupload.core;

import java.util.Objects;

/**
 * The id of the Meta app that owns the upload session: digits, as shown in the app dashboard.
 *
 * @param value the app id, one or more ASCII digits
 */
public record AppId(String value) {

  /** Validates the app id. */
  public AppId {
    Objects.requireNonNull(value, "app id");
    if (value.isEmpty()
        || value.length() > 32
        || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          "An app id is the app's numeric id (1 to 32 digits); got '"
              + Text.abbreviate(value)
              + "'");
    }
  }

  /**
   * Parses an app id.
   *
   * @param value the app's numeric id
   * @return the app id
   * @throws IllegalArgumentException if the value is not all digits
   */
  public static AppId of(String value) {
    return new AppId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
