package dev.graphupload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

/**
 * The suite's access tokens, all sharing one marker that must never be seen outside an {@code
 * Authorization} header, and the checks that look for it.
 */
final class Secrets {

  /** In every token this suite hands out; what the checks look for. */
  static final String MARKER = "RELIABILITY-SECRET";

  /** The first token; {@link #token(int)} gives the ones that replace it after an expiry. */
  static final String TOKEN = token(0);

  private Secrets() {}

  /** The {@code n}th token: distinct, recognizable, and not guessable from the marker alone. */
  static String token(int n) {
    byte[] tail = new byte[12];
    new Random(n * 31L + 7).nextBytes(tail);
    return "EAAG-" + MARKER + "-" + n + "-" + HexFormat.of().formatHex(tail);
  }

  /** The first {@code count} tokens, for an emulator that accepts them all. */
  static String[] tokens(int count) {
    String[] tokens = new String[count];
    for (int i = 0; i < count; i++) {
      tokens[i] = token(i);
    }
    return tokens;
  }

  /** Fails if {@code text} holds a token (or the marker of one). */
  static void assertAbsent(String where, CharSequence text) {
    assertThat(text.toString()).as("a token in %s", where).doesNotContain(MARKER);
  }

  /** Fails if {@code bytes} hold the marker, as Latin-1/UTF-8 or as UTF-16. */
  static void assertAbsent(String where, byte[] bytes) {
    assertThat(indexOf(bytes, MARKER.getBytes(StandardCharsets.UTF_8)))
        .as("a token (8-bit) in %s", where)
        .isEqualTo(-1);
    assertThat(indexOf(bytes, MARKER.getBytes(StandardCharsets.UTF_16LE)))
        .as("a token (UTF-16LE) in %s", where)
        .isEqualTo(-1);
    assertThat(indexOf(bytes, MARKER.getBytes(StandardCharsets.UTF_16BE)))
        .as("a token (UTF-16BE) in %s", where)
        .isEqualTo(-1);
  }

  /** Where {@code needle} first occurs in {@code haystack}, or -1. */
  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Everything a failure can show a user: messages, {@code toString()}s, the stack trace. */
  static String describe(Throwable failure) {
    StringWriter text = new StringWriter();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      text.append(String.valueOf(t.getMessage())).append('\n').append(t.toString()).append('\n');
    }
    failure.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
