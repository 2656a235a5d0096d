package dev.graphupload.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The real curl, as the documentation's flows and third-party scripts call the emulator. */
final class Curl {

  private Curl() {}

  /** Skips the calling tests, and says so, where curl is not installed. */
  static void assumePresent(String what) {
    boolean present;
    try {
      present = new ProcessBuilder("curl", "--version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    if (!present) { // said in the build's output too, not only in the report
      System.err.println("SKIPPED, NOT RUN: " + what + " (curl is not installed)");
    }
    Assumptions.assumeTrue(present, "curl is not installed: " + what + " were NOT run");
  }

  /**
   * Runs {@code curl -sS --max-time 30 args…} and returns its output, whatever its exit code (a
   * connection the emulator cuts on purpose makes curl exit 52).
   */
  static String run(String... args) throws Exception {
    return run(false, args);
  }

  /** Runs curl as {@link #run} does; it must exit 0. */
  static String runOk(String... args) throws Exception {
    return run(true, args);
  }

  private static String run(boolean mustSucceed, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    if (mustSucceed) {
      assertThat(process.exitValue()).as("curl: " + err).isZero();
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
