package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each default the docs state is the code's: the test finds the sentence in the doc (naming the
 * file and line) and checks the value the code uses. A default changed in code, or a sentence
 * changed in a doc, fails here until the other follows.
 */
class DocumentedDefaultsTest {

  private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..");

  /** The line of {@code file} that holds {@code sentence}, as "file:line", or a failure. */
  private static String where(String file, String sentence) throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve(file), StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(sentence)) {
        return file + ":" + (i + 1);
      }
    }
    throw new AssertionError(file + " no longer says \"" + sentence + "\": update this test too");
  }

  private static final String BUILDER =
      "upload-core/src/main/java/dev/graphupload/core/GraphUploaderBuilder.java";
  private static final String RETRY =
      "upload-core/src/main/java/dev/graphupload/core/RetryPolicy.java";

  private final GraphUploaderBuilder defaults = new GraphUploaderBuilder();

  @Test
  void theBuildersDocumentedDefaults() throws IOException {
    assertThat(defaults.requestTimeout)
        .as(where(BUILDER, "#minBytesPerSecond}. Default 60 seconds."))
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.minBytesPerSecond)
        .as(where(BUILDER, "default 16 KiB/s"))
        .isEqualTo(16 * 1024);
    assertThat(defaults.idleTimeout)
        .as(where(BUILDER, "transient transport error and is retried; default 60 s"))
        .isEqualTo(Duration.ofSeconds(60))
        .as(where("README.md", "`idleTimeout` (default 60 s)"))
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.maxFileLength)
        .as(where(BUILDER, "The largest file accepted; default 16 GiB."))
        .isEqualTo(16L << 30)
        .as(where("README.md", "a file over 16 GiB is refused"))
        .isEqualTo(16L << 30);
    assertThat(defaults.sessionLifetime)
        .as(where(BUILDER, "last progress; default 7 days"))
        .isEqualTo(Duration.ofDays(7));
    assertThat(defaults.handleLifetime)
        .as(where(BUILDER, "is reused; default 1 day."))
        .isEqualTo(Duration.ofDays(1));
    assertThat(defaults.lockWait)
        .as(where(BUILDER, "default zero: fail at once"))
        .isEqualTo(Duration.ZERO);
    assertThat(defaults.apiVersion)
        .as(where(BUILDER, "The API version; default {@code v24.0}."))
        .isEqualTo(ApiVersion.of("v24.0"));
    assertThat(defaults.verifyHandles)
        .as(where(BUILDER, "Whether a handle counts only once the server confirms"))
        .isTrue();
    assertThat(defaults.verifyContent).as(where(BUILDER, "default {@code false}.")).isFalse();
  }

  @Test
  void theRetryPolicysDocumentedDefaults() throws IOException {
    String sentence = "8 attempts in a row within 10 minutes; backoff from 500 ms doubling to 30 s";
    RetryPolicy policy = RetryPolicy.ofDefaults();
    Backoff ordinary = policy.backoff(FailureKind.TRANSIENT);
    Backoff throttled = policy.backoff(FailureKind.THROTTLED);

    assertThat(policy.maxAttempts()).as(where(RETRY, sentence)).isEqualTo(8);
    assertThat(policy.maxElapsed()).as(where(RETRY, sentence)).isEqualTo(Duration.ofMinutes(10));
    assertThat(List.of(ordinary.initial(), ordinary.max()))
        .as(where(RETRY, sentence))
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(30));
    assertThat(ordinary.multiplier()).isEqualTo(2.0);
    assertThat(ordinary.jitter()).as(where(RETRY, "±50% jitter")).isEqualTo(0.5);
    assertThat(List.of(throttled.initial(), throttled.max()))
        .as(where(RETRY, "throttling from 5 s doubling to 2 minutes"))
        .containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(2));
  }

  @Test
  void aBatchRunsFourAtATimeAsTheReadmeSays() throws IOException {
    assertThat(BatchOptions.defaults().parallel())
        .as(where("README.md", "uploads four at a time"))
        .isEqualTo(4);
  }
}
