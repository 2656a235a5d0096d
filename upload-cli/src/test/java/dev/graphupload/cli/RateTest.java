package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rate leaves out the socket buffers' first burst. */
class RateTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFirstBurstIntoTheSocketsBuffersDoesNotInflateTheRate() {
    Rate rate = new Rate();
    long capped = 2_000_000; // bytes per second, as the network carries them
    long burst = 4_000_000; // what the socket's buffers take at once
    rate.at(0, 0);
    assertThat(rate.bytesPerSecond(burst, SECOND / 10)).as("too early to say").isEmpty();
    for (long t = SECOND / 10; t <= 6 * SECOND; t += SECOND / 10) {
      rate.at(burst + capped * t / SECOND, t);
    }

    long shown = rate.bytesPerSecond(burst + capped * 6, 6 * SECOND).orElseThrow();

    // counted from the start, it would read (4 + 12) MB / 6 s = 2.67 MB/s
    assertThat(shown).isBetween(capped * 95 / 100, capped * 105 / 100);
  }
}
