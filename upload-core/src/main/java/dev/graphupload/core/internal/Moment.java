package dev.graphupload.core.internal;

import java.time.Instant;

/**
 * When an event is handled, as the {@link UploadMachine} needs it: the monotonic reading for
 * durations, the wall clock only to stamp records and to compare with a record's stamps, and a
 * random number for jitter. The interpreter makes one per event; tests make them as they like.
 *
 * @param ticks the monotonic ticker's reading, in nanoseconds
 * @param wall the wall-clock time
 * @param random a number in {@code [0, 1)}
 */
record Moment(long ticks, Instant wall, double random) {}
