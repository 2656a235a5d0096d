package dev.graphupload.benchmarks;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.storage.redis.RedisSessionStore;
import dev.graphupload.testkit.TestRecords;
import dev.graphupload.transport.netty.NettyHttpTransport;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.embedded.RedisServer;

/**
 * The Redis store's operations per second (save with compare-and-set, find) beside {@code
 * redis-benchmark}'s SET and GET against the same server in the same run, and the time a 1 GiB
 * upload takes with the Redis store against the in-memory store (alternating). Prints Markdown.
 *
 * <pre>java -cp … dev.graphupload.benchmarks.RedisStoreBench [OPS=20000] [RUNS=3]</pre>
 */
public final class RedisStoreBench {

  private RedisStoreBench() {}

  public static void main(String[] args) throws Exception {
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    RedisServer server =
        RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("appendonly no")
            .setting("save \"\"")
            .build();
    server.start();
    String url = "redis://127.0.0.1:" + port;
    try {
      List<Double> saves = new ArrayList<>();
      List<Double> finds = new ArrayList<>();
      List<String> benchmark = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        try (RedisSessionStore store =
            RedisSessionStore.builder().uri(url).keyPrefix("bench-" + run + ":").build()) {
          SessionRecord record = store.save(record(Instant.now()));
          long start = System.nanoTime();
          for (int i = 0; i < ops; i++) {
            record =
                store.save(
                    record.withState(
                        new RecordState.InProgress(FileOffset.of(i % 1000)),
                        Instant.now(),
                        record.expiresAt()));
          }
          saves.add(ops / ((System.nanoTime() - start) / 1e9));
          start = System.nanoTime();
          for (int i = 0; i < ops; i++) {
            store.find(record.key());
          }
          finds.add(ops / ((System.nanoTime() - start) / 1e9));
        }
        benchmark.add(redisBenchmark(port, ops));
      }
      System.out.println("| operation | median ops/s (runs) |");
      System.out.println("|---|---|");
      System.out.printf(
          Locale.ROOT,
          "| RedisSessionStore.save (Lua compare-and-set, one client) | %.0f %s |%n",
          median(saves),
          round(saves));
      System.out.printf(
          Locale.ROOT,
          "| RedisSessionStore.find (one client) | %.0f %s |%n",
          median(finds),
          round(finds));
      for (String line : benchmark) {
        System.out.println("| redis-benchmark -c 1 -t set,get: " + line + " |");
      }
      uploadOverhead(url, runs);
    } finally {
      server.stop();
    }
  }

  private static String redisBenchmark(int port, int ops) {
    try {
      Process p =
          new ProcessBuilder(
                  "redis-benchmark",
                  "-h",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(port),
                  "-c",
                  "1",
                  "-n",
                  Integer.toString(ops),
                  "-t",
                  "set,get",
                  "-q")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      Matcher m = Pattern.compile("(SET|GET): ([0-9.]+) requests per second").matcher(out);
      StringBuilder summary = new StringBuilder();
      while (m.find()) {
        summary
            .append(summary.length() == 0 ? "" : ", ")
            .append(m.group(1))
            .append(" ")
            .append(Math.round(Double.parseDouble(m.group(2))))
            .append(" ops/s");
      }
      return summary.toString();
    } catch (Exception e) {
      return "redis-benchmark not available (" + e.getMessage() + ")";
    }
  }

  private static void uploadOverhead(String url, int runs) throws Exception {
    Path dir = Files.createTempDirectory("redis-bench");
    Path file = dir.resolve("big.mp4");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(1L << 30);
      raf.write(new byte[] {0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'});
    }
    List<Double> memory = new ArrayList<>();
    List<Double> redis = new ArrayList<>();
    try (GraphEmulator emulator = GraphEmulator.builder().sink(true).build();
        NettyHttpTransport transport = NettyHttpTransport.create()) {
      for (int run = 0; run < runs + 1; run++) {
        for (boolean useRedis : new boolean[] {false, true}) {
          SessionStore store =
              useRedis
                  ? RedisSessionStore.builder().uri(url).keyPrefix("upload-" + run + ":").build()
                  : new InMemorySessionStore();
          try (GraphUploader uploader =
              GraphUploader.builder()
                  .endpoint(emulator.baseUrl())
                  .appId(AppId.of(emulator.appId()))
                  .accessToken(AccessToken.of(emulator.token()))
                  .transport(transport)
                  .store(store)
                  .chunkPolicy(ChunkPolicy.fixed(8L << 20))
                  .build()) {
            long start = System.nanoTime();
            uploader.upload(file);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (run > 0) { // run 0 warms the JVM up
              (useRedis ? redis : memory).add(seconds);
            }
          } finally {
            if (store instanceof AutoCloseable c) {
              c.close();
            }
          }
        }
      }
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
    System.out.println();
    System.out.println(
        "| store, 1 GiB upload in 8 MiB chunks (128 records saved) | median seconds (runs) |");
    System.out.println("|---|---|");
    System.out.printf(Locale.ROOT, "| in memory | %.3f %s |%n", median(memory), round(memory));
    System.out.printf(Locale.ROOT, "| Redis | %.3f %s |%n", median(redis), round(redis));
    System.out.printf(
        Locale.ROOT,
        "%nRedis store overhead on the upload: %+.1f%%%n",
        100 * (median(redis) / median(memory) - 1));
  }

  private static SessionRecord record(Instant now) {
    return TestRecords.record("bench.mp4", now);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static String round(List<Double> values) {
    return values.stream()
        .map(v -> String.format(Locale.ROOT, v > 100 ? "%.0f" : "%.3f", v))
        .toList()
        .toString();
  }
}
