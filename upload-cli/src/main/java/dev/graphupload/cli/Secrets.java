package dev.graphupload.cli;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/** The tokens this run knows of, removed from everything the command prints. */
final class Secrets {

  private static final Set<String> KNOWN = new CopyOnWriteArraySet<>();

  private Secrets() {}

  static void remember(String token) {
    if (token != null && token.length() >= 4) {
      KNOWN.add(token);
    }
  }

  static String scrub(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String token : KNOWN) {
      result = result.replace(token, "[redacted]");
    }
    return result;
  }
}
