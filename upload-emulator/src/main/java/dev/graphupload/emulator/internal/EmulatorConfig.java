package dev.graphupload.emulator.internal;

import dev.graphupload.emulator.ConcurrentWriters;
import dev.graphupload.emulator.GraphProfile;
import dev.graphupload.emulator.OffsetMismatch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** Everything the emulator was started with, fixed for its life (faults excepted). */
public record EmulatorConfig(
    String host,
    int port,
    Path dataDirectory,
    Set<String> appIds,
    Set<String> tokens,
    long maxFileLength,
    Duration sessionLifetime,
    Duration handleLifetime,
    boolean sink,
    OffsetMismatch offsetMismatch,
    GraphProfile profile,
    ConcurrentWriters concurrentWriters,
    Duration idleTimeout,
    int maxHeaderBytes,
    int ioThreads,
    Clock clock,
    TlsMaterial tls,
    long connectionBandwidth,
    boolean adminEnabled,
    String adminToken) {}
