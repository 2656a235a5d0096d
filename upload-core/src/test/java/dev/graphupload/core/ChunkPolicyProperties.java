package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class ChunkPolicyProperties {

  private static final ChunkPolicy.Adaptive ADAPTIVE =
      new ChunkPolicy.Adaptive(1_000, 8_000, 1_000_000, Duration.ofSeconds(2));

  static Gen<ChunkPolicy> policies() {
    return Generate.oneOf(
        Generate.constant(ChunkPolicy.wholeRemainder()),
        longs().between(1, 10_000_000).map(ChunkPolicy::fixed),
        Generate.constant(ADAPTIVE));
  }

  static Gen<ChunkSample> samples() {
    return longs()
        .between(0, 50_000_000)
        .zip(
            longs().between(0, 60_000),
            booleans().all(),
            (b, ms, ok) -> new ChunkSample(b, Duration.ofMillis(ms), ok));
  }

  @Test
  void aChunkIsAtLeastOneByteAndAtMostWhatRemains() {
    qt().forAll(policies(), longs().between(1, Long.MAX_VALUE / 2), samples())
        .checkAssert(
            (policy, remaining, previous) -> {
              assertThat(policy.firstChunkSize(remaining)).isBetween(1L, remaining);
              assertThat(policy.nextChunkSize(remaining, previous)).isBetween(1L, remaining);
            });
  }

  @Test
  void adaptiveChunksStayWithinTheirBoundsUnlessLessRemains() {
    qt().forAll(longs().between(1_000_000, Long.MAX_VALUE / 2), samples())
        .checkAssert(
            (remaining, previous) ->
                assertThat(ADAPTIVE.nextChunkSize(remaining, previous))
                    .isBetween(ADAPTIVE.min(), ADAPTIVE.max()));
  }

  @Test
  void adaptiveChunksGrowWhenFastAndShrinkWhenSlowOrFailed() {
    long remaining = Long.MAX_VALUE / 2;
    ChunkSample fast = new ChunkSample(100_000, Duration.ofMillis(100), true);
    ChunkSample slow = new ChunkSample(100_000, Duration.ofSeconds(20), true);
    ChunkSample failed = new ChunkSample(100_000, Duration.ofMillis(100), false);
    ChunkSample onTarget = new ChunkSample(100_000, Duration.ofSeconds(2), true);

    assertThat(ADAPTIVE.nextChunkSize(remaining, fast)).isEqualTo(200_000);
    assertThat(ADAPTIVE.nextChunkSize(remaining, slow)).isEqualTo(50_000);
    assertThat(ADAPTIVE.nextChunkSize(remaining, failed)).isEqualTo(50_000);
    assertThat(ADAPTIVE.nextChunkSize(remaining, onTarget)).isEqualTo(100_000);
  }

  @Test
  void policiesRejectImpossibleBounds() {
    assertThatThrownBy(() -> ChunkPolicy.fixed(0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> ChunkPolicy.adaptive(10, 5, 100, Duration.ofSeconds(1)))
        .hasMessageContaining("min <= initial");
    assertThatThrownBy(() -> ChunkPolicy.adaptive(1, 5, 100, Duration.ZERO))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> ChunkPolicy.wholeRemainder().firstChunkSize(0))
        .hasMessageContaining("No bytes remain");
  }
}
