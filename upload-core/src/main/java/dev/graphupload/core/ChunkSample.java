package dev.graphupload.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How the previous request went, for {@link ChunkPolicy#nextChunkSize}.
 *
 * @param bytes how many body bytes the request carried
 * @param elapsed how long it took
 * @param succeeded whether the server accepted it
 */
public record ChunkSample(long bytes, Duration elapsed, boolean succeeded) {

  /** Validates the sample. */
  public ChunkSample {
    Objects.requireNonNull(elapsed, "elapsed");
    if (bytes < 0 || elapsed.isNegative()) {
      throw new IllegalArgumentException("A chunk sample cannot be negative");
    }
  }
}
