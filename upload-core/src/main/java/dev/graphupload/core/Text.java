package dev.graphupload.core;

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
}
