package dev.graphupload.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the suite did, counted as it runs and written after each test class to {@code
 * target/reliability-figures.md}: the figures docs/RELIABILITY.md quotes.
 */
final class Figures {

  private static final Map<String, Map<String, Long>> COUNTS = new TreeMap<>();

  private Figures() {}

  /** Adds {@code n} to the figure {@code name} of {@code section}. */
  static synchronized void add(String section, String name, long n) {
    COUNTS.computeIfAbsent(section, s -> new TreeMap<>()).merge(name, n, Long::sum);
  }

  /** Keeps the largest value seen for a figure (a peak, not a total). */
  static synchronized void max(String section, String name, long n) {
    COUNTS.computeIfAbsent(section, s -> new TreeMap<>()).merge(name, n, Math::max);
  }

  /** Writes every figure so far; called after each test class. */
  static synchronized void write() {
    String target = System.getProperty("reliability.figures");
    if (target == null) {
      return;
    }
    StringBuilder text = new StringBuilder();
    text.append("# Reliability figures\n\nWritten ").append(Instant.now()).append(".\n");
    COUNTS.forEach(
        (section, figures) -> {
          text.append("\n## ").append(section).append("\n\n| figure | value |\n|---|---:|\n");
          figures.forEach(
              (name, value) ->
                  text.append("| ").append(name).append(" | ").append(value).append(" |\n"));
        });
    try {
      Files.writeString(Path.of(target), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
