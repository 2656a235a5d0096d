package dev.graphupload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.testkit.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line tool killed with SIGKILL at random points while it uploads one large file, again
 * and again; each run after the first resumes the same session, and when a run is finally let
 * finish the file has arrived whole and the bytes sent over all runs stay close to its size.
 */
class CliCrashTest {

  private static final long SEED = Long.getLong("reliability.seed", 20261122L);
  private static final int KILLS = Integer.getInteger("reliability.kills", 20);
  private static final int SIZE = 96 * 1024 * 1024;
  private static final long RATE = 16L * 1024 * 1024;
  private static final String SECTION = "Command line killed with SIGKILL";

  @TempDir Path dir;

  @AfterAll
  static void writeFigures() {
    Figures.write();
  }

  @Test
  void everyRunAfterAKillResumesAndTheFileArrivesWhole() throws Exception {
    Random random = new Random(SEED);
    System.out.printf("CLI crashes: seed %d, %d kills%n", SEED, KILLS);
    Path file = TestData.randomMp4(dir, SIZE, SEED);
    Path store = dir.resolve("store");
    try (Rig.Emulator graph = new Rig.Emulator(dir.resolve("graph"), Secrets.TOKEN);
        PacingProxy wire = new PacingProxy(graph.baseUrl(), RATE)) {
      List<Long> offsets = new ArrayList<>();
      int killed = 0;
      int startupKills = 0;
      for (int run = 0; run < KILLS; run++) {
        String transport = random.nextBoolean() ? "jdk" : "netty";
        Process cli = start(wire, store, file, transport);
        // a few runs die while the JVM starts or wires up; the others after a random share of the
        // file has gone through the wire
        long killAt;
        if (random.nextInt(6) == 0) {
          killAt = -1;
          startupKills++;
          if (cli.waitFor(100 + random.nextInt(900), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("run " + run + " ended before it was killed: " + output(cli));
          }
        } else {
          killAt =
              wire.bytesFromClients()
                  + (long) (SIZE * 0.8 / KILLS * (0.2 + 1.6 * random.nextDouble()));
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (wire.bytesFromClients() < killAt) {
            if (!cli.isAlive() || System.nanoTime() > deadline) {
              throw new AssertionError(
                  "run " + run + " ended or stalled before it was killed: " + output(cli));
            }
            Thread.sleep(2);
          }
        }
        new ProcessBuilder("kill", "-KILL", Long.toString(cli.pid())).start().waitFor();
        assertThat(cli.waitFor(10, TimeUnit.SECONDS)).isTrue();
        killed++;
        var sessions = graph.sessions();
        assertThat(sessions.size())
            .as("sessions after kill %d: every run resumes the first", run)
            .isLessThanOrEqualTo(1);
        long offset = sessions.isEmpty() ? 0 : sessions.get(0).offset();
        if (!offsets.isEmpty()) {
          assertThat(offset)
              .as("the server's offset after kill %d", run)
              .isGreaterThanOrEqualTo(offsets.get(offsets.size() - 1));
        }
        offsets.add(offset);
      }
      System.out.println("server offsets after each kill: " + offsets);

      Process last = start(wire, store, file, "jdk");
      assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("the last run finishes").isTrue();
      String out = output(last);
      assertThat(last.exitValue()).as("exit code; output: %s", out).isZero();
      JsonNode result =
          new ObjectMapper()
              .readTree(out.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
      assertThat(result.get("resumed").asBoolean()).isTrue();
      assertThat(graph.sessions().size()).as("one session for all runs").isEqualTo(1);

      var session = graph.sessions().get(0);
      assertThat(session.handle()).as("the session is complete").isPresent();
      String handle = session.handle().orElseThrow();
      assertThat(result.get("handle").asText()).isEqualTo(handle);
      assertThat(graph.current().sha256Of(handle)).hasValue(TestData.sha256(file));
      Secrets.assertAbsent("the command's output", out);

      long wire_bytes = wire.bytesFromClients();
      double ratio = (double) wire_bytes / SIZE;
      System.out.printf(
          "bytes through the wire over %d killed runs and the last: %d for a file of %d (%.3fx)%n",
          killed, wire_bytes, SIZE, ratio);
      // heads and a little re-sent body per kill; a run that started over would add a whole file
      assertThat(wire_bytes).isLessThan(SIZE + (long) killed * 256 * 1024 + 1024 * 1024);

      Figures.add(SECTION, "runs killed with SIGKILL mid-upload", killed);
      Figures.add(SECTION, "of which killed while starting, before any byte", startupKills);
      Figures.add(SECTION, "runs that resumed the first session", killed);
      Figures.add(SECTION, "file size (bytes)", SIZE);
      Figures.add(SECTION, "bytes sent over all runs, heads included", wire_bytes);
      Figures.add(SECTION, "bytes lost", 0);
    }
  }

  private Process start(PacingProxy wire, Path store, Path file, String transport)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Duser.home=" + dir.resolve("home"));
    command.add("dev.graphupload.cli.Main");
    command.addAll(
        List.of(
            "upload",
            file.toString(),
            "--base-url",
            wire.baseUrl().toString(),
            "--app-id",
            GraphEmulator.DEFAULT_APP_ID,
            "--store",
            store.toString(),
            "--transport",
            transport,
            "--chunk-size",
            "4M",
            "--json"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("GRAPH_ACCESS_TOKEN", Secrets.TOKEN);
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("run-" + System.nanoTime() + ".out").toFile());
    Process process = builder.start();
    outputs.put(process, builder.redirectOutput().file().toPath());
    return process;
  }

  private final Map<Process, Path> outputs = new HashMap<>();

  private String output(Process process) throws IOException {
    return Files.readString(outputs.get(process), StandardCharsets.UTF_8);
  }
}
