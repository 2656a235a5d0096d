package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "rerun it with {@code -DQT_SEED=<seed>} to replay it": a failing property prints a
 * seed, and the property run again with that seed (as a system property, which Maven's {@code -D}
 * passes to the test JVM) meets the same examples and fails on the same one.
 */
class PropertySeedTest {

  private static final Pattern SEED = Pattern.compile("Seed was (-?\\d+)");

  @Test
  void aFailingPropertyPrintsASeedThatReplaysIt() {
    List<Long> first = new ArrayList<>();
    AssertionError failed = catchThrowableOfType(AssertionError.class, () -> run(first));
    assertThat(failed).as("the property fails for some example").isNotNull();
    Matcher seed = SEED.matcher(failed.getMessage());
    assertThat(seed.find()).as("a seed in: " + failed.getMessage()).isTrue();

    List<Long> replayed = new ArrayList<>();
    String before = System.getProperty("QT_SEED");
    System.setProperty("QT_SEED", seed.group(1));
    try {
      AssertionError again = catchThrowableOfType(AssertionError.class, () -> run(replayed));
      assertThat(again).isNotNull();
      assertThat(again.getMessage()).isEqualTo(failed.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty("QT_SEED");
      } else {
        System.setProperty("QT_SEED", before);
      }
    }
    assertThat(replayed).as("the examples met, in order").isEqualTo(first);
  }

  private static void run(List<Long> seen) {
    qt().withExamples(200)
        .forAll(longs().between(0, 1_000_000_000L))
        .check(
            n -> {
              seen.add(n);
              return n % 13 != 5;
            });
  }
}
