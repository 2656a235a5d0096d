package dev.graphupload.core;

import java.time.Duration;
import java.util.Objects;

/** The checks the builders make of the values they are given. */
final class Checks {

  private Checks() {}

  static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }

  static Duration positive(Duration value, String name) {
    if (Objects.requireNonNull(value, name).isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }

  static Duration notNegative(Duration value, String name) {
    if (Objects.requireNonNull(value, name).isNegative()) {
      throw new IllegalArgumentException(name + " cannot be negative: " + value);
    }
    return value;
  }

  /** The user's name, as a file name may hold it. */
  static String userName() {
    return System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
