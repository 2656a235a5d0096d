package dev.graphupload.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --lease}: a time such as {@code 30s}, {@code 2m} or {@code 500ms}, at least 3 s. */
final class LeaseConverter implements ITypeConverter<Duration> {

  private static final Pattern TIME = Pattern.compile("([0-9]{1,6})(ms|s|m|min)?");

  @Override
  public Duration convert(String text) {
    Matcher m = TIME.matcher(text.trim());
    if (!m.matches()) {
      throw new TypeConversionException("a time such as 30s or 2m is needed; got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    Duration d =
        switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          default -> Duration.ofMinutes(n);
        };
    if (d.compareTo(Duration.ofSeconds(3)) < 0) {
      throw new TypeConversionException(
          text + " is too short: a lease is renewed every third of it, so at least 3s");
    }
    return d;
  }
}
