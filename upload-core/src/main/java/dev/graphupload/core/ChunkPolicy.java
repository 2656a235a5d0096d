package dev.graphupload.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How many bytes each send request carries. Pure functions of the remaining length and the previous
 * request, so a policy is shared freely between uploads.
 *
 * <p>Whatever the policy, a chunk is at least one byte and at most the remaining length.
 */
public sealed interface ChunkPolicy {

  /**
   * The size of the first request of a run.
   *
   * @param remaining bytes not yet confirmed by the server, {@code > 0}
   * @return the chunk size, in {@code [1, remaining]}
   */
  long firstChunkSize(long remaining);

  /**
   * The size of the next request.
   *
   * @param remaining bytes not yet confirmed by the server, {@code > 0}
   * @param previous how the previous request went
   * @return the chunk size, in {@code [1, remaining]}
   */
  long nextChunkSize(long remaining, ChunkSample previous);

  /**
   * Everything that remains in one request: the documented flow, and the fastest on a good line.
   *
   * @return the policy
   */
  static ChunkPolicy wholeRemainder() {
    return new WholeRemainder();
  }

  /**
   * Requests of a fixed size (the last one smaller).
   *
   * @param bytes the chunk size, {@code > 0}
   * @return the policy
   */
  static ChunkPolicy fixed(long bytes) {
    return new Fixed(bytes);
  }

  /**
   * Requests that grow or shrink to take about {@code target} each, between {@code min} and {@code
   * max} bytes, starting at {@code initial}; a size changes by at most a factor of two per request,
   * and halves after a failed one.
   *
   * @param min the smallest chunk, {@code > 0}
   * @param initial the first chunk, in {@code [min, max]}
   * @param max the largest chunk
   * @param target the time each request should take
   * @return the policy
   */
  static ChunkPolicy adaptive(long min, long initial, long max, Duration target) {
    return new Adaptive(min, initial, max, target);
  }

  /**
   * The adaptive policy the command's {@code --chunk-size auto} and the starter's {@code
   * chunk-size: auto} mean: requests of about 5 seconds each, between 1 MiB and 256 MiB, starting
   * at 8 MiB.
   *
   * @return the policy
   */
  static ChunkPolicy auto() {
    return adaptive(1L << 20, 8L << 20, 256L << 20, Duration.ofSeconds(5));
  }

  /** The whole remainder in one request. */
  record WholeRemainder() implements ChunkPolicy {
    @Override
    public long firstChunkSize(long remaining) {
      return Chunks.requirePositive(remaining);
    }

    @Override
    public long nextChunkSize(long remaining, ChunkSample previous) {
      return Chunks.requirePositive(remaining);
    }
  }

  /**
   * Requests of {@code bytes} each.
   *
   * @param bytes the chunk size, {@code > 0}
   */
  record Fixed(long bytes) implements ChunkPolicy {
    /** Validates the size. */
    public Fixed {
      if (bytes <= 0) {
        throw new IllegalArgumentException("A chunk size must be positive: " + bytes);
      }
    }

    @Override
    public long firstChunkSize(long remaining) {
      return Math.min(bytes, Chunks.requirePositive(remaining));
    }

    @Override
    public long nextChunkSize(long remaining, ChunkSample previous) {
      return firstChunkSize(remaining);
    }
  }

  /**
   * Requests sized to take about {@code target}.
   *
   * @param min the smallest chunk
   * @param initial the first chunk
   * @param max the largest chunk
   * @param target the time each request should take
   */
  record Adaptive(long min, long initial, long max, Duration target) implements ChunkPolicy {
    /** Validates the bounds. */
    public Adaptive {
      Objects.requireNonNull(target, "target");
      if (min <= 0 || initial < min || max < initial) {
        throw new IllegalArgumentException(
            "An adaptive chunk policy needs 0 < min <= initial <= max; got "
                + min
                + ", "
                + initial
                + ", "
                + max);
      }
      if (target.isNegative() || target.isZero()) {
        throw new IllegalArgumentException("The target time per request must be positive");
      }
    }

    @Override
    public long firstChunkSize(long remaining) {
      return Math.min(initial, Chunks.requirePositive(remaining));
    }

    @Override
    public long nextChunkSize(long remaining, ChunkSample previous) {
      Chunks.requirePositive(remaining);
      long last = Math.max(previous.bytes(), min);
      long wanted;
      if (!previous.succeeded()) {
        wanted = last / 2;
      } else {
        long tookNanos = Math.max(previous.elapsed().toNanos(), 1);
        double scale = (double) target.toNanos() / tookNanos;
        scale = Math.max(0.5, Math.min(2.0, scale));
        wanted = (long) Math.min((double) Long.MAX_VALUE / 4, last * scale);
      }
      long bounded = Math.max(min, Math.min(max, wanted));
      return Math.max(1, Math.min(bounded, remaining));
    }
  }
}
