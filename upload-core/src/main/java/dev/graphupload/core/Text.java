package dev.graphupload.core;

import java.time.Duration;
import java.util.Locale;

/** Small string helpers for validation messages; never used on secrets. */
final class Text {

  private static final int MAX_QUOTED = 80;

  private Text() {}

  static String abbreviate(String value) {
    if (value.length() <= MAX_QUOTED) {
      return value;
    }
    return value.substring(0, MAX_QUOTED) + "…";
  }

  /** The index of the first character that cannot travel unescaped in a URI, or -1. */
  static int firstUnsafeUriChar(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '#' || c == '"' || c == '<' || c == '>' || c == '\\') {
        return i;
      }
    }
    return -1;
  }

  static boolean hasControlChars(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /** A duration as a person reads it: "750 ms", "4.2 s", "3 min 5 s", "2 h 10 min". */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1_000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return (ms % 1_000 == 0
              ? Long.toString(ms / 1_000)
              : String.format(Locale.ROOT, "%.1f", ms / 1000.0))
          + " s";
    }
    long seconds = ms / 1_000;
    if (seconds < 3_600) {
      return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
    }
    long minutes = seconds / 60;
    return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
  }
}
