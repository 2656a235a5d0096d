package dev.graphupload.samples.service;

import dev.graphupload.core.UploadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The uploads this instance runs, by an id derived from their key (so a retried request finds its
 * own). Kept in memory for an hour after they end: a status URL is a convenience, the key is what
 * resumes. A service with several instances would keep this in a shared store, or let clients retry
 * the POST (which resumes on any instance sharing the session store).
 */
@Component
class UploadJobs {

  private static final Duration KEPT = Duration.ofHours(1);

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Clock clock;
  private final LongSupplier ticker;

  UploadJobs() {
    this(Clock.systemUTC(), System::nanoTime);
  }

  /**
   * Jobs stamped by {@code clock} and aged by {@code ticker}.
   *
   * @param clock stamps when a job started, for people
   * @param ticker monotonic nanoseconds, for how long a job is kept
   */
  UploadJobs(Clock clock, LongSupplier ticker) {
    this.clock = clock;
    this.ticker = ticker;
  }

  /** One upload: its id, its key, its result to come, when it started (a stamp, and a tick). */
  record Job(
      String id,
      String key,
      CompletableFuture<UploadResult> result,
      Instant started,
      long startedTick) {}

  /**
   * Starts an upload under {@code key}, unless one runs already; the temporary file is deleted when
   * it ends, whatever the outcome (a retried request brings the bytes again).
   */
  Job start(String key, Supplier<CompletableFuture<UploadResult>> upload, Path temporary) {
    prune();
    String id = idOf(key);
    Job job =
        jobs.compute(
            id,
            (k, existing) -> {
              if (existing != null && !existing.result().isDone()) {
                return existing;
              }
              CompletableFuture<UploadResult> result;
              try {
                result = upload.get();
              } catch (RuntimeException e) {
                result = CompletableFuture.failedFuture(e);
              }
              return new Job(id, key, result, clock.instant(), ticker.getAsLong());
            });
    job.result().whenComplete((result, failure) -> delete(temporary));
    return job;
  }

  Optional<Job> runningFor(String key) {
    return find(idOf(key)).filter(job -> !job.result().isDone());
  }

  Optional<Job> find(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  /** What a client is told of a finished upload: never the token, never a local path. */
  static Map<String, Object> describe(Job job, UploadResult result) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", job.id());
    body.put("state", "uploaded");
    body.put("handle", result.handle().value());
    body.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
    body.put("started", job.started().toString());
    body.put("bytes", result.fileLength());
    body.put("resumedFrom", result.resumedFrom().value());
    return body;
  }

  /** A URL-safe id for a key of any characters. */
  static String idOf(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private void prune() {
    long now = ticker.getAsLong();
    jobs.values()
        .removeIf(job -> job.result().isDone() && now - job.startedTick() > KEPT.toNanos());
  }

  private static void delete(Path temporary) {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
