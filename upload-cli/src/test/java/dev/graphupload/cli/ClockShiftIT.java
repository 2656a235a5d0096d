package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.emulator.ScriptedFault;
import dev.graphupload.testkit.TestData;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/**
 * The command with its wall clock moved under it, as an NTP step or a resumed VM moves it: the
 * command runs under libfaketime (Debian's {@code faketime}), whose offset the test rewrites
 * mid-upload. Only the wall clock moves ({@code FAKETIME_DONT_FAKE_MONOTONIC}), as in life.
 */
class ClockShiftIT {

  private static final Path LIBFAKETIME =
      Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
  private static final String TOKEN = "EAAG-CLI-CLOCK-TOKEN-0123456789";

  @TempDir Path dir;
  private GraphEmulator emulator;
  private Cli cli;
  private Path offset;

  @BeforeEach
  void start() throws Exception {
    boolean present = Files.isReadable(LIBFAKETIME);
    if (!present) { // said in the build's output too, not only in the report
      System.err.println(
          "SKIPPED, NOT RUN: the command under a shifted clock (libfaketime is not installed:"
              + " the Debian package faketime)");
    }
    assumeTrue(present, "libfaketime is not installed");
    emulator = GraphEmulator.builder().tokens(TOKEN).connectionBandwidth(2_000_000).build();
    cli = new Cli(dir.resolve("home"));
    offset = dir.resolve("faketime");
    Files.writeString(offset, "+0\n");
  }

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  /** The environment that puts the command's wall clock where {@link #shift} says. */
  private Map<String, String> shiftedClock() {
    return Map.of(
        "LD_PRELOAD",
        LIBFAKETIME.toString(),
        "FAKETIME_TIMESTAMP_FILE",
        offset.toString(),
        "FAKETIME_NO_CACHE",
        "1",
        "FAKETIME_DONT_FAKE_MONOTONIC",
        "1",
        "GRAPH_ACCESS_TOKEN",
        TOKEN);
  }

  private void shift(String by) throws Exception {
    Files.writeString(offset, by + "\n");
  }

  private String[] upload(Path file, String... more) {
    String[] head = {
      "upload",
      "--base-url",
      emulator.baseUrl().toString(),
      "--app-id",
      emulator.appId(),
      "--store",
      dir.resolve("sessions").toString()
    };
    String[] args = new String[head.length + more.length + 1];
    System.arraycopy(head, 0, args, 0, head.length);
    System.arraycopy(more, 0, args, head.length, more.length);
    args[args.length - 1] = file.toString();
    return args;
  }

  @Test
  void setBackAnHourMidSendTheUploadEndsWhole() throws Exception {
    Path file = TestData.randomMp4(dir, 6_000_000, 21);
    Cli.Running run = cli.start(shiftedClock(), upload(file));
    assertThat(emulator.awaitReceived(1_000_000, Duration.ofSeconds(60))).isTrue();

    shift("-1h");
    Cli.Run done = run.await();

    assertThat(done.exitCode()).as(done.err()).isZero();
    assertThat(emulator.sessions().get(0).offset()).isEqualTo(6_000_000);
    assertThat(emulator.sha256Of(handleIn(done.out()))).contains(TestData.sha256(file));
    // the shift was real: the command stamped its record an hour behind this clock
    Cli.Run status =
        cli.run(
            Map.of("GRAPH_ACCESS_TOKEN", TOKEN),
            "status",
            file.toString(),
            "--store",
            dir.resolve("sessions").toString(),
            "--app-id",
            emulator.appId(),
            "--base-url",
            emulator.baseUrl().toString());
    Matcher completed = Pattern.compile("completed at (\\S+)").matcher(status.out());
    assertThat(completed.find()).as(status.out()).isTrue();
    assertThat(Instant.parse(completed.group(1)))
        .isBetween(
            Instant.now().minus(Duration.ofMinutes(70)),
            Instant.now().minus(Duration.ofMinutes(50)));
  }

  @Test
  void setForwardAnHourWhileRetryingTheCommandKeepsItsRealLimitAndFinishes() throws Exception {
    Path file = TestData.randomMp4(dir, 600_000, 22);
    for (int i = 0; i < 3; i++) {
      emulator.enqueue(
          ScriptedFault.Request.SEND,
          new ScriptedFault.Error(503, 2, null, "Service temporarily unavailable"));
    }
    Cli.Running run = cli.start(shiftedClock(), upload(file));
    await(() -> emulator.pendingFaults() <= 2, "the first failed send");

    shift("+1h"); // two failures still to come: each weighs the retry limit again
    Cli.Run done = run.await();

    assertThat(done.exitCode()).as(done.err()).isZero();
    assertThat(done.err()).doesNotContain("Gave up");
    assertThat(emulator.pendingFaults()).isZero();
    assertThat(emulator.sha256Of(handleIn(done.out()))).contains(TestData.sha256(file));
  }

  @Test
  void aLeaseHolderSetBackAnHourThatLosesRedisStopsWithinItsLease() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    RedisServer redis =
        RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("appendonly no").build();
    redis.start();
    Path file = TestData.randomMp4(dir, 16_000_000, 23);
    Cli.Running run;
    try {
      String[] args = upload(file, "--lease", "3s");
      args[6] = "redis://127.0.0.1:" + port; // the --store value
      run = cli.start(shiftedClock(), args);
      assertThat(emulator.awaitReceived(500_000, Duration.ofSeconds(60))).isTrue();
      shift("-1h");
    } finally {
      redis.stop(); // and Redis gone for good
    }
    Cli.Run done = run.await();

    assertThat(done.exitCode()).as(done.err()).isEqualTo(ExitCode.GAVE_UP);
    Matcher unreachable =
        Pattern.compile("was unreachable for (\\d+\\.\\d) s, past the lease's term of 3 s")
            .matcher(done.err());
    assertThat(unreachable.find()).as(done.err()).isTrue();
    // the lease's term, plus at most one renewal's wait (a third of it) and its timeout: never
    // the hour the wall clock went back
    assertThat(Double.parseDouble(unreachable.group(1))).isLessThan(6.0);
  }

  /** The handle the command printed: its one line on standard output. */
  private static String handleIn(String out) {
    assertThat(out.strip()).as(out).startsWith("2:").doesNotContain("\n");
    return out.strip();
  }

  /** Polls the emulator's state until {@code ready}, within 60 s. */
  private static void await(BooleanSupplier ready, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!ready.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
      LockSupport.parkNanos(10_000_000);
    }
  }
}
