package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.testkit.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees: the command run in a real pseudo-terminal (a private tmux server), its final
 * screen read back with {@code capture-pane}. The progress bar is drawn there, so these are the
 * runs where a bar's last redraw could hide the handle.
 */
class TerminalIT {

  private static final String TOKEN = "EAAG-CLI-TERMINAL-TOKEN-0123456789";
  private static final Duration LIMIT = Duration.ofSeconds(90);

  @TempDir Path dir;
  private GraphEmulator emulator;
  private Tmux terminal;

  @BeforeEach
  void start() throws Exception {
    boolean tmux = Files.isExecutable(Path.of("/usr/bin/tmux"));
    if (!tmux) { // said in the build's output too, not only in the report
      System.err.println("SKIPPED, NOT RUN: the terminal tests (tmux is not installed)");
    }
    assumeTrue(tmux, "tmux is not installed");
    emulator = GraphEmulator.builder().tokens(TOKEN).build();
    terminal = new Tmux("graph-upload-it");
  }

  @AfterEach
  void stop() throws Exception {
    if (terminal != null) {
      terminal.close(); // ends the pane's processes too
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    return terminal.run(args);
  }

  /** Starts the command in a 130 × 40 terminal whose pane stays readable once it exits. */
  private void run(Path file) throws Exception {
    run(file, "");
  }

  private void run(Path file, String redirect) throws Exception {
    Path conf = Files.writeString(dir.resolve("tmux.conf"), "set -g remain-on-exit on\n");
    tmux(
        "-f",
        conf.toString(),
        "new-session",
        "-d",
        "-s",
        "t",
        "-x",
        "130",
        "-y",
        "40",
        command(file, redirect));
  }

  private String command(Path file, String redirect) {
    return String.join(
        " ",
        "exec", // the command is the pane's process: Ctrl-C reaches it, not a shell around it
        "env",
        "HOME=" + dir.resolve("home"),
        "TERM=xterm-256color",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar",
        Cli.jar().toAbsolutePath().toString(),
        "upload",
        "--base-url",
        emulator.baseUrl().toString(),
        "--app-id",
        emulator.appId(),
        "--token",
        TOKEN,
        "--store",
        dir.resolve("sessions").toString(),
        file.toString(),
        redirect);
  }

  /** Waits (bounded) until the command has exited, then reads the whole screen. */
  private String finalScreen() throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!tmux("display-message", "-p", "-t", "t", "#{pane_dead}").strip().equals("1")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the command did not end in " + LIMIT + ":\n" + screen());
      }
      Thread.onSpinWait();
    }
    return screen();
  }

  private String screen() throws Exception {
    return tmux("capture-pane", "-p", "-J", "-t", "t");
  }

  @Test
  void theHandleIsOnTheFinalScreenOfAOneFileUpload() throws Exception {
    Path file = TestData.randomMp4(dir, 3_000_000, 1);
    emulator.faults(FaultSettings.none().withBandwidth(2_000_000)); // long enough for a bar

    run(file);
    String screen = finalScreen();

    String handle =
        emulator.sessions().stream()
            .flatMap(s -> s.handle().stream())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no handle on the server:\n" + screen));
    assertThat(screen)
        .as("the final screen")
        .contains(handle)
        .contains(file.getFileName() + ": done")
        .doesNotContain(TOKEN);
  }

  @Test
  void theBarIsDrawnWhenOnlyStandardOutputIsRedirected() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script is not installed");
    Path file = TestData.randomMp4(dir, 3_000_000, 3);
    Path handle = dir.resolve("handle.txt");
    Path typescript = dir.resolve("typescript");
    emulator.faults(FaultSettings.none().withBandwidth(2_000_000));

    // script(1) gives the command a terminal and records every byte it writes to it
    Process run =
        new ProcessBuilder(
                "/usr/bin/script",
                "-q",
                "-e",
                "-c",
                command(file, "> " + handle),
                typescript.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(run.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    assertThat(Files.readString(typescript))
        .as("the bar, drawn on standard error")
        .containsPattern("100% \\[=+\\]");
    assertThat(Files.readString(handle)).startsWith("2:");
  }

  @Test
  void ctrlCLeavesTheInterruptMessageOnTheScreen() throws Exception {
    Path file = TestData.randomMp4(dir, 12_000_000, 2);
    emulator.faults(FaultSettings.none().withBandwidth(2_000_000));

    run(file);
    assertThat(emulator.awaitReceived(1_000_000, Duration.ofSeconds(60))).isTrue();
    tmux("send-keys", "-t", "t", "C-c");
    String screen = finalScreen();

    assertThat(screen)
        .contains("graph-upload: interrupted")
        .contains("run the same command again to resume " + file.getFileName())
        .doesNotContain(TOKEN);
  }
}
