package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.testkit.TestData;
import io.lettuce.core.RedisClient;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/**
 * Several workers — separate command processes sharing one Redis — over one batch, one of them
 * killed: every survivor ends with a handle for every file, and the batch crossed the wire once.
 */
class WorkersIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "EAAG-CLI-WORKERS-TOKEN-0123456789";
  private static final int FILES = 9;
  private static final int FILE_BYTES = 4_000_000;

  @TempDir Path dir;
  private GraphEmulator emulator;
  private RedisServer embeddedRedis;
  private String redisUrl;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    // each connection at 2 MB/s: a file takes two seconds, and more workers move more bytes
    emulator = GraphEmulator.builder().tokens(TOKEN).connectionBandwidth(2_000_000).build();
    redisUrl = System.getenv("REDIS_URL");
    if (redisUrl == null || redisUrl.isBlank()) {
      int port;
      try (ServerSocket free = new ServerSocket(0)) {
        port = free.getLocalPort();
      }
      embeddedRedis =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("appendonly no")
              .build();
      embeddedRedis.start();
      redisUrl = "redis://127.0.0.1:" + port;
    }
    cli = new Cli(dir.resolve("home"));
  }

  @AfterEach
  void stop() throws Exception {
    emulator.close();
    if (embeddedRedis != null) {
      embeddedRedis.stop();
    }
  }

  private String[] worker(List<Path> files) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "upload",
                "--base-url",
                emulator.baseUrl().toString(),
                "--app-id",
                emulator.appId(),
                "--token",
                TOKEN,
                "--store",
                redisUrl,
                "--lease",
                "3s",
                "--parallel",
                "2",
                "--json"));
    files.forEach(f -> args.add(f.toString()));
    return args.toArray(String[]::new);
  }

  @Test
  void survivorsOfAKilledWorkerFinishTheBatchEachFileOnceAndEachReportsEveryHandle()
      throws Exception {
    List<Path> batch = new ArrayList<>();
    Map<String, String> sha256 = new HashMap<>();
    for (int i = 0; i < FILES; i++) {
      Path file = TestData.randomMp4(Files.createDirectories(dir.resolve("batch")), FILE_BYTES, i);
      batch.add(file);
      sha256.put(file.toString(), TestData.sha256(file));
    }

    Cli.Running doomed = cli.start(Map.of(), worker(batch));
    assertThat(emulator.awaitReceived(1_000_000, Duration.ofSeconds(60)))
        .as("the first worker got going")
        .isTrue();
    Cli.Running second = cli.start(Map.of(), worker(batch));
    Cli.Running third = cli.start(Map.of(), worker(batch));
    doomed.process.destroyForcibly(); // SIGKILL, mid-file: its leases stay until they lapse
    doomed.process.waitFor();
    Cli.Run two = second.await();
    Cli.Run three = third.await();

    Map<String, String> uploadedBy = new HashMap<>();
    int takenOver = 0;
    for (Cli.Run survivor : List.of(two, three)) {
      assertThat(survivor.exitCode()).as(survivor.err()).isZero();
      List<JsonNode> lines = new ArrayList<>();
      for (String line : survivor.out().lines().toList()) {
        lines.add(JSON.readTree(line));
      }
      assertThat(lines).as(survivor.out()).hasSize(FILES);
      for (JsonNode line : lines) {
        String file = line.get("file").asText();
        assertThat(emulator.sha256Of(line.get("handle").asText()))
            .as("the handle of " + file)
            .contains(sha256.get(file));
        String outcome = line.get("outcome").asText();
        // resumed: the killed worker's lease had lapsed before this one first came to the file;
        // already-uploaded: the other survivor finished it before this one's batch even began
        assertThat(outcome)
            .isIn("uploaded", "resumed", "taken-over", "done-elsewhere", "already-uploaded");
        boolean foundDone = outcome.equals("done-elsewhere") || outcome.equals("already-uploaded");
        if (!foundDone) {
          assertThat(uploadedBy.put(file, outcome))
              .as(file + " uploaded by one survivor only")
              .isNull();
          takenOver += outcome.equals("uploaded") ? 0 : 1;
        } else {
          assertThat(line.get("bytesSent").asLong()).isZero();
        }
      }
    }
    assertThat(takenOver).as("the killed worker's files were taken over").isPositive();
    long batchBytes = (long) FILES * FILE_BYTES;
    // for docs/RELIABILITY.md's figures
    System.out.printf(
        Locale.ROOT,
        "workers figures: %d files, survivors' exit codes %d and %d, files taken over %d,"
            + " bytes taken %d for a batch of %d (%.3f×)%n",
        FILES,
        two.exitCode(),
        three.exitCode(),
        takenOver,
        emulator.bytesReceived(),
        batchBytes,
        (double) emulator.bytesReceived() / batchBytes);
    assertThat(emulator.bytesReceived())
        .as("the batch once, plus at most what was in flight when the worker was killed")
        .isGreaterThanOrEqualTo(batchBytes)
        .isLessThanOrEqualTo(batchBytes + 2L * FILE_BYTES);
    assertThat(two.err() + three.err()).contains("another upload holds it");
  }

  @Test
  void aWorkerCutOffFromRedisPastItsLeaseSaysSoAndGivesUpWithExitCode4() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    RedisServer own =
        RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("appendonly no").build();
    own.start();
    Path file = TestData.randomMp4(dir, 16_000_000, 11);
    Cli.Running worker;
    try {
      worker =
          cli.start(
              Map.of(),
              "upload",
              "--base-url",
              emulator.baseUrl().toString(),
              "--app-id",
              emulator.appId(),
              "--token",
              TOKEN,
              "--store",
              "redis://127.0.0.1:" + port,
              "--lease",
              "3s",
              file.toString());
      if (!emulator.awaitReceived(500_000, Duration.ofSeconds(60))) {
        worker.process.destroy();
        assertThat(worker.await().err()).as("the worker never got going").isNull();
      }
    } finally {
      own.stop(); // Redis gone for good, mid-file
    }
    Cli.Run run = worker.await();

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.GAVE_UP);
    assertThat(run.err())
        .containsPattern(
            "Lost the lease on upload \\S+: Redis at 127\\.0\\.0\\.1:\\d+ was"
                + " unreachable for \\d+\\.\\d s, past the lease's term of 3 s")
        .contains("Run the upload again once the store is back")
        .doesNotContain("another upload holds it");
  }

  @Test
  void statusOfAFileFindsItsRecordByKeyWithoutReadingEveryRecord() throws Exception {
    Path file = TestData.randomMp4(dir, 300_000, 12);
    String[] common = {
      "--base-url", emulator.baseUrl().toString(), "--app-id", emulator.appId(), "--store", redisUrl
    };
    Map<String, String> env = Map.of("GRAPH_ACCESS_TOKEN", TOKEN);
    String[] upload = concat(new String[] {"upload"}, common, new String[] {file.toString()});
    assertThat(cli.run(env, upload).exitCode()).isZero();

    try (RedisClient client = RedisClient.create(redisUrl);
        var redis = client.connect()) {
      redis.sync().configResetstat();
      Cli.Run status =
          cli.run(env, concat(new String[] {"status"}, common, new String[] {file.toString()}));

      assertThat(status.exitCode()).as(status.err()).isZero();
      assertThat(status.out()).contains("state:     completed").contains("handle:");
      assertThat(redis.sync().info("commandstats"))
          .as("the record is read by its key: no SCAN over the store")
          .doesNotContain("cmdstat_scan");
    }
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }
}
