package dev.graphupload.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.testkit.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import redis.embedded.RedisServer;

/**
 * One worker against three over the same batch: separate command processes ({@code graph-upload
 * upload --store redis://… --parallel 2}) sharing one Redis, against an emulator whose every
 * connection is capped (as each client's link would be). Also three workers with one killed
 * (SIGKILL) once the emulator has taken a quarter of the batch. Wall time from the first start to
 * the last exit, the bytes the emulator took, and what each survivor reported. Prints Markdown.
 *
 * <pre>java -cp … dev.graphupload.benchmarks.WorkersBench [FILES=24] [MIB=16] [RUNS=3]</pre>
 */
public final class WorkersBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "workers-bench-token";
  private static final long CONNECTION_BANDWIDTH = 8_000_000;

  private WorkersBench() {}

  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 24;
    int mib = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    RedisServer redis =
        RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("appendonly no")
            .setting("save \"\"")
            .build();
    redis.start();
    Path work = Files.createTempDirectory("workers-bench-");
    Map<String, List<Row>> rows = new TreeMap<>();
    try {
      for (int run = 0; run < runs; run++) {
        for (String scenario : List.of("1 worker", "3 workers", "3 workers, one killed at 25 %")) {
          Path dir =
              Files.createDirectories(work.resolve(run + "-" + rows.size() + scenario.hashCode()));
          List<Path> batch = new ArrayList<>();
          for (int i = 0; i < files; i++) {
            batch.add(TestData.randomMp4(dir, mib << 20, i));
          }
          rows.computeIfAbsent(scenario, s -> new ArrayList<>())
              .add(run(scenario, batch, "redis://127.0.0.1:" + port));
          deleteAll(dir);
        }
      }
    } finally {
      redis.stop();
      deleteAll(work);
    }
    long batchBytes = (long) files * (mib << 20);
    System.out.printf(
        Locale.ROOT,
        "%d files of %d MiB (%d MiB); each connection capped at %.0f MB/s; every worker runs"
            + " `--parallel 2`, `--lease 5s`; median of %d runs.%n%n",
        files,
        mib,
        batchBytes >> 20,
        CONNECTION_BANDWIDTH / 1e6,
        runs);
    System.out.println(
        "| workers | wall time (s) | × one worker | bytes taken by the emulator / batch |"
            + " survivors exiting 0 with every handle | what the survivors reported |");
    System.out.println("|---|---|---|---|---|---|");
    double one = median(rows.get("1 worker").stream().map(Row::seconds).toList());
    for (String scenario : List.of("1 worker", "3 workers", "3 workers, one killed at 25 %")) {
      List<Row> r = rows.get(scenario);
      double wall = median(r.stream().map(Row::seconds).toList());
      double bytes = median(r.stream().map(x -> (double) x.bytes / batchBytes).toList());
      long complete = r.stream().filter(Row::complete).count();
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %.2f | %.3f | %d of %d runs | %s |%n",
          scenario,
          wall,
          one / wall,
          bytes,
          complete,
          r.size(),
          r.get(r.size() - 1).outcomes);
    }
  }

  private record Row(double seconds, long bytes, boolean complete, String outcomes) {}

  private static Row run(String scenario, List<Path> batch, String redis) throws Exception {
    int workers = scenario.startsWith("1") ? 1 : 3;
    boolean kill = scenario.contains("killed");
    try (GraphEmulator emulator =
        GraphEmulator.builder()
            .sink(true)
            .tokens(TOKEN)
            .connectionBandwidth(CONNECTION_BANDWIDTH)
            .build()) {
      long start = System.nanoTime();
      List<Process> processes = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        processes.add(worker(emulator, batch, redis));
      }
      if (kill) {
        long batchBytes = batch.stream().mapToLong(WorkersBench::size).sum();
        emulator.awaitReceived(batchBytes / 4, Duration.ofMinutes(5));
        processes.get(0).destroyForcibly();
      }
      boolean complete = true;
      Map<String, Integer> outcomes = new TreeMap<>();
      for (int w = kill ? 1 : 0; w < workers; w++) {
        Process p = processes.get(w);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.lines().toList()) {
          lines.add(JSON.readTree(line));
        }
        complete &= code == 0 && lines.size() == batch.size();
        for (JsonNode line : lines) {
          complete &= line.has("handle");
          outcomes.merge(line.path("outcome").asText("failed"), 1, Integer::sum);
        }
      }
      processes.get(0).waitFor();
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Row(seconds, emulator.bytesReceived(), complete, outcomes.toString());
    }
  }

  private static Process worker(GraphEmulator emulator, List<Path> batch, String redis)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.graphupload.cli.Main",
                "upload",
                "--base-url",
                emulator.baseUrl().toString(),
                "--app-id",
                emulator.appId(),
                "--token",
                TOKEN,
                "--store",
                redis,
                "--lease",
                "5s",
                "--parallel",
                "2",
                "--json"));
    batch.forEach(f -> command.add(f.toString()));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteAll(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
