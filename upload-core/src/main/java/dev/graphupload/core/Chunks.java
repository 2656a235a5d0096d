package dev.graphupload.core;

/** Argument checks shared by the chunk policies. */
final class Chunks {

  private Chunks() {}

  static long requirePositive(long remaining) {
    if (remaining <= 0) {
      throw new IllegalArgumentException("No bytes remain to be sent: " + remaining);
    }
    return remaining;
  }
}
