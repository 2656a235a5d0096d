package dev.graphupload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.RestartReason;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.storage.redis.TestRedis;
import dev.graphupload.testkit.TestData;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hundreds of uploads per transport and store through seeded random faults: connection cuts at
 * random byte offsets, lost replies, transient errors, throttling, latency spikes, emulator
 * restarts, session expiry and token expiry mid-upload. Every file must arrive whole (the
 * emulator's SHA-256 equals the file's), re-sent bytes stay within one request per fault, and
 * threads and file descriptors come back to where they were.
 *
 * <p>The seed is printed; {@code -Dreliability.seed=N} replays a run, {@code
 * -Dreliability.uploads=N} (or the {@code soak} profile) makes it longer.
 */
class FaultMatrixTest {

  private static final long SEED = Long.getLong("reliability.seed", 20261122L);
  private static final int UPLOADS = Integer.getInteger("reliability.uploads", 100);
  private static final String SECTION = "Fault matrix";

  private static TestRedis redis;

  @TempDir Path dir;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.shared();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
    Figures.write();
  }

  static Stream<Arguments> pairs() {
    List<Arguments> pairs = new ArrayList<>();
    for (Rig.Transport transport : Rig.Transport.values()) {
      for (Rig.Store store : Rig.Store.values()) {
        pairs.add(Arguments.of(transport, store));
      }
    }
    return pairs.stream();
  }

  /** What may happen to the emulator or the session in the middle of one upload. */
  enum Disturbance {
    NONE,
    LATENCY_SPIKE,
    RESTART,
    SESSION_EXPIRY,
    TOKEN_EXPIRY
  }

  /** One upload's plan, drawn from the seed. */
  record Plan(int size, ChunkPolicy chunks, FaultSettings faults, Disturbance disturbance) {}

  private static Plan draw(Random random) {
    Disturbance disturbance = Disturbance.values()[random.nextInt(Disturbance.values().length)];
    if (random.nextInt(100) < 35) {
      disturbance = Disturbance.NONE;
    }
    int size =
        disturbance == Disturbance.NONE && random.nextBoolean()
            ? 12 + random.nextInt(256 * 1024)
            : 64 * 1024 + random.nextInt(3 * 1024 * 1024);
    ChunkPolicy chunks =
        switch (random.nextInt(3)) {
          case 0 -> disturbance == Disturbance.NONE ? ChunkPolicy.wholeRemainder() : fixed(size);
          case 1 -> fixed(size);
          default ->
              ChunkPolicy.adaptive(
                  64 * 1024, 128 * 1024, Math.max(128 * 1024, size / 2), Duration.ofMillis(50));
        };
    FaultSettings faults =
        FaultSettings.none()
            .withSeed(random.nextLong())
            .withCutProbability(random.nextDouble() * 0.3)
            .withLoseReplyProbability(random.nextDouble() * 0.2)
            .withErrorProbability(random.nextDouble() * 0.2)
            .withThrottleProbability(random.nextDouble() * 0.15)
            .withThrottleRetryAfterSeconds(0);
    return new Plan(size, chunks, faults, disturbance);
  }

  private static ChunkPolicy fixed(int size) {
    return ChunkPolicy.fixed(Math.max(4 * 1024, size / 4));
  }

  /** The largest request a plan can send: the bound on what one fault can make us re-send. */
  private static long largestRequest(Plan plan) {
    if (plan.chunks() instanceof ChunkPolicy.Fixed fixed) {
      return fixed.bytes();
    }
    if (plan.chunks() instanceof ChunkPolicy.Adaptive adaptive) {
      return adaptive.max();
    }
    return plan.size();
  }

  @ParameterizedTest(name = "{0} transport, {1} store")
  @MethodSource("pairs")
  void everyFileArrivesWholeThroughSeededFaults(Rig.Transport kind, Rig.Store storeKind)
      throws Exception {
    long seed = SEED ^ (kind.ordinal() * 1_000_003L + storeKind.ordinal() * 7919L);
    System.out.printf(
        "fault matrix %s x %s: seed %d, %d uploads%n", kind, storeKind, seed, UPLOADS);
    Random random = new Random(seed);
    String[] tokens = Secrets.tokens(UPLOADS + 1);
    AtomicInteger currentToken = new AtomicInteger();
    Path storeDir = dir.resolve("store");
    SessionStore store = storeKind.create(storeDir, redis.url());
    try (Rig.Emulator graph = new Rig.Emulator(dir.resolve("graph"), tokens);
        HttpTransport transport = kind.create()) {
      long threadsBefore = -1;
      long descriptorsBefore = -1;
      for (int i = 0; i < UPLOADS; i++) {
        if (i == 5) {
          // after a few uploads every pool has warmed up: from here on nothing may grow
          threadsBefore = liveThreads();
          descriptorsBefore = openDescriptors();
        }
        Plan plan = draw(random);
        Path file = TestData.randomMp4(dir, plan.size(), random.nextLong());
        long began = System.nanoTime();
        try {
          uploadOne(graph, transport, store, tokens, currentToken, plan, file);
          long millis = (System.nanoTime() - began) / 1_000_000;
          if (millis > 3_000) {
            System.out.printf("upload %d took %d ms: %s%n", i, millis, plan);
          }
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError(
              "upload " + i + " of seed " + seed + " failed; its plan: " + plan, e);
        }
        Files.delete(file);
      }
      long threadsAfter = settledThreads(threadsBefore);
      long descriptorsAfter = openDescriptors();
      Figures.max(
          SECTION, "threads grown over the uploads (peak, per pair)", threadsAfter - threadsBefore);
      Figures.max(
          SECTION,
          "file descriptors grown over the uploads (peak, per pair)",
          descriptorsAfter - descriptorsBefore);
      assertThat(threadsAfter)
          .as("live threads after %d uploads (%d after warm-up)", UPLOADS, threadsBefore)
          .isLessThanOrEqualTo(threadsBefore + 2);
      assertThat(descriptorsAfter)
          .as(
              "open file descriptors after %d uploads (%d after warm-up)",
              UPLOADS, descriptorsBefore)
          .isLessThanOrEqualTo(descriptorsBefore + 6);

      assertRecordsHoldNoToken(storeKind, storeDir);
    } finally {
      Rig.close(store);
    }
  }

  private void uploadOne(
      Rig.Emulator graph,
      HttpTransport transport,
      SessionStore store,
      String[] tokens,
      AtomicInteger currentToken,
      Plan plan,
      Path file)
      throws Exception {
    graph.faults(plan.faults());
    Chaos chaos = new Chaos(graph, plan.disturbance(), tokens[currentToken.get()]);
    long needed = Files.size(file);
    CountingTransport counting = new CountingTransport(transport);
    UploadResult result;
    try (GraphUploader uploader =
        Rig.uploader(graph, tokens[currentToken.get()], counting, store)
            .chunkPolicy(plan.chunks())
            .build()) {
      try {
        result = uploader.upload(file, chaos);
        assertThat(result.bytesSent()).isEqualTo(counting.bodyBytes());
      } catch (GraphApiException e) {
        // only an expired token may stop an upload; it must do so at once, and say what to do
        assertThat(plan.disturbance()).isEqualTo(Disturbance.TOKEN_EXPIRY);
        assertThat(e.code()).isEqualTo(190);
        assertThat(e.getMessage()).containsIgnoringCase("token");
        assertThat(chaos.retriesAfterDisturbance.get())
            .as("retries after the token expired")
            .isZero();
        Secrets.assertAbsent("the token-expiry failure", Secrets.describe(e));
        Figures.add(SECTION, "token expiries (failed fast with code 190, then resumed)", 1);
        result = null;
      }
    } finally {
      chaos.awaitRestart();
    }
    if (result == null) {
      // a new token: the same file resumes in the same session
      int next = currentToken.incrementAndGet();
      try (GraphUploader uploader =
          Rig.uploader(graph, tokens[next], counting, store).chunkPolicy(plan.chunks()).build()) {
        graph.faults(FaultSettings.none());
        result = uploader.upload(file);
        assertThat(result.outcome())
            .as("resumed after a new token")
            .isEqualTo(UploadResult.Outcome.RESUMED);
        assertThat(result.sessionId()).isEqualTo(chaos.sessions.get(0));
      }
    }

    assertThat(graph.sha256(result)).as("SHA-256 at the emulator").isEqualTo(TestData.sha256(file));
    assertThat(result.fileLength()).isEqualTo(needed);

    int sessions = (int) chaos.sessions.stream().distinct().count();
    if (plan.disturbance() == Disturbance.SESSION_EXPIRY && chaos.disturbed.get()) {
      assertThat(chaos.restartReasons).as("the user is told of the new session").isNotEmpty();
      assertThat(chaos.restartReasons.get(0)).isEqualTo(RestartReason.SESSION_EXPIRED);
      assertThat(result.sessionId()).isNotEqualTo(chaos.sessions.get(0));
      Figures.add(SECTION, "session expiries (new session started, user told)", 1);
    }
    // each fault re-sends at most the request it hit; a new session re-sends the file once more
    long resent = Math.max(0, counting.bodyBytes() - needed);
    long bound = (long) (sessions - 1) * needed + (chaos.retries.get() + 1) * largestRequest(plan);
    assertThat(resent)
        .as("bytes re-sent (%d faults met, %d sessions)", chaos.retries.get(), sessions)
        .isLessThanOrEqualTo(bound);

    Figures.add(SECTION, "uploads", 1);
    Figures.add(SECTION, "bytes uploaded", needed);
    long toNewSessions = Math.min(resent, (long) (sessions - 1) * needed);
    Figures.add(SECTION, "bytes re-sent to a new session after an expiry", toNewSessions);
    Figures.add(SECTION, "bytes re-sent after other faults", resent - toNewSessions);
    Figures.add(
        SECTION,
        "faults met (cuts, lost replies, errors, throttling, timeouts)",
        chaos.retries.get());
    Figures.add(SECTION, "bytes lost", 0);
    if (plan.disturbance() == Disturbance.RESTART && chaos.disturbed.get()) {
      Figures.add(SECTION, "emulator restarts mid-upload", 1);
    }
    if (plan.disturbance() == Disturbance.LATENCY_SPIKE && chaos.disturbed.get()) {
      Figures.add(SECTION, "latency spikes mid-upload", 1);
    }
  }

  /**
   * Watches one upload and disturbs it once, after its first confirmed bytes: the fault plan's
   * latency, a restart, an expired session or an expired token.
   */
  private static final class Chaos implements UploadListener {
    final Rig.Emulator graph;
    final Disturbance disturbance;
    final String token;
    final AtomicBoolean disturbed = new AtomicBoolean();
    final AtomicInteger retries = new AtomicInteger();
    final AtomicInteger retriesAfterDisturbance = new AtomicInteger();
    final List<SessionId> sessions = new CopyOnWriteArrayList<>();
    final List<RestartReason> restartReasons = new CopyOnWriteArrayList<>();
    final AtomicReference<CompletableFuture<Void>> restart = new AtomicReference<>();
    final AtomicReference<SessionId> current = new AtomicReference<>();
    final AtomicInteger spikeLeft = new AtomicInteger();

    Chaos(Rig.Emulator graph, Disturbance disturbance, String token) {
      this.graph = graph;
      this.disturbance = disturbance;
      this.token = token;
    }

    @Override
    public void sessionCreated(SessionId sessionId) {
      sessions.add(sessionId);
      current.set(sessionId);
    }

    @Override
    public void resumed(SessionId sessionId, FileOffset from) {
      sessions.add(sessionId);
      current.set(sessionId);
    }

    @Override
    public void sessionRestarted(RestartReason reason, String message) {
      restartReasons.add(reason);
    }

    @Override
    public void retrying(GraphUploadException failure, Duration delay, int attempt) {
      retries.incrementAndGet();
      if (disturbed.get()) {
        retriesAfterDisturbance.incrementAndGet();
      }
      Secrets.assertAbsent("a retried failure", Secrets.describe(failure));
    }

    @Override
    public void failed(GraphUploadException failure) {
      Secrets.assertAbsent("a failure", Secrets.describe(failure));
    }

    @Override
    public void bytesConfirmed(FileOffset offset, long length) {
      if (spikeLeft.get() > 0 && spikeLeft.decrementAndGet() == 0) {
        graph.faults(graph.current().faults().withLatencyMillis(0));
      }
      if (offset.value() == 0
          || offset.value() >= length
          || !disturbed.compareAndSet(false, true)) {
        return;
      }
      switch (disturbance) {
        case NONE -> {}
        case LATENCY_SPIKE -> {
          // a spike, not a new normal: it lasts for the next few replies
          spikeLeft.set(3);
          graph.faults(graph.current().faults().withLatencyMillis(150 + offset.value() % 250));
        }
        case RESTART -> restart.set(CompletableFuture.runAsync(graph::restart));
        case SESSION_EXPIRY -> graph.current().expireSession(current.get().value());
        case TOKEN_EXPIRY -> {
          retriesAfterDisturbance.set(0);
          graph.current().expireToken(token);
        }
      }
    }

    void awaitRestart() throws Exception {
      CompletableFuture<Void> pending = restart.get();
      if (pending != null) {
        pending.get();
      }
      if (disturbance == Disturbance.LATENCY_SPIKE) {
        graph.faults(graph.current().faults().withLatencyMillis(0));
      }
    }
  }

  /** Counts the body bytes that left through a transport: what a re-send costs on the wire. */
  private static final class CountingTransport implements HttpTransport {
    private final HttpTransport delegate;
    private final AtomicLong bodyBytes = new AtomicLong();

    CountingTransport(HttpTransport delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<TransportResponse> execute(
        TransportRequest request, BodyProgress progress) {
      AtomicLong written = new AtomicLong();
      return delegate.execute(
          request,
          total -> {
            long before = written.getAndAccumulate(total, Math::max);
            if (total > before) {
              bodyBytes.addAndGet(total - before);
            }
            progress.bytesWritten(total);
          });
    }

    long bodyBytes() {
      return bodyBytes.get();
    }
  }

  private static long liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /** Threads that are ending (closed pools, idle connections) get a moment to go. */
  private static long settledThreads(long baseline) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long now = liveThreads();
    while (now > baseline + 2 && System.nanoTime() < deadline) {
      System.gc();
      Rig.sleep(100);
      now = liveThreads();
    }
    return now;
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  /** The raw records, as the store wrote them: no token in any of them. */
  private static void assertRecordsHoldNoToken(Rig.Store kind, Path storeDir) throws IOException {
    int seen = 0;
    if (kind == Rig.Store.FILE) {
      try (Stream<Path> files = Files.walk(storeDir)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Secrets.assertAbsent("store file " + file, Files.readAllBytes(file));
          seen++;
        }
      }
    } else {
      RedisClient client = RedisClient.create(redis.url());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        RedisCommands<String, String> commands = connection.sync();
        for (String key : commands.keys("reliability:*")) {
          String value =
              switch (commands.type(key)) {
                case "hash" -> commands.hgetall(key).toString();
                case "string" -> commands.get(key);
                default -> "";
              };
          Secrets.assertAbsent("Redis key " + key, key + " " + value);
          seen++;
        }
      } finally {
        client.shutdown();
      }
    }
    assertThat(seen).as("records read back").isPositive();
    Figures.add("Secrets", "raw store records searched for a token", seen);
  }
}
