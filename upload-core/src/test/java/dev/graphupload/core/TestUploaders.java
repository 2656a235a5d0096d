package dev.graphupload.core;

import dev.graphupload.core.store.SessionStore;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Builds uploaders wired to a {@link FakeGraphServer}, with time that never waits. */
public final class TestUploaders {

  public static final String TOKEN = "EAAG-TEST-SECRET-TOKEN-0123456789abcdef";
  public static final String APP_ID = "1234567890";
  public static final URI ENDPOINT = URI.create("https://graph.test.invalid");

  /** Shared by every test: the engine's steps are short and never block. */
  public static final ExecutorService EXECUTOR =
      Executors.newFixedThreadPool(
          2,
          task -> {
            Thread thread = new Thread(task, "test-uploader");
            thread.setDaemon(true);
            return thread;
          });

  private TestUploaders() {}

  public static FakeGraphServer server() {
    return new FakeGraphServer(TOKEN, APP_ID);
  }

  /** A retry policy for tests: generous attempts, small waits (which take no time anyway). */
  public static RetryPolicy patientRetries() {
    return RetryPolicy.custom()
        .maxAttempts(50)
        .maxElapsed(Duration.ofHours(10))
        .initialBackoff(Duration.ofMillis(100))
        .maxBackoff(Duration.ofSeconds(5))
        .throttleInitialBackoff(Duration.ofSeconds(1))
        .throttleMaxBackoff(Duration.ofSeconds(30))
        .build();
  }

  public static GraphUploaderBuilder builder(
      FakeGraphServer server, SessionStore store, TestClock clock) {
    return GraphUploader.builder()
        .endpoint(ENDPOINT)
        .appId(AppId.of(APP_ID))
        .accessToken(AccessToken.of(TOKEN))
        .transport(server)
        .store(store)
        .clock(clock)
        .ticker(clock)
        .scheduler(new TestScheduler(clock))
        .random(new Random(42))
        .retryPolicy(patientRetries())
        .executor(EXECUTOR);
  }
}
