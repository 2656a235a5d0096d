package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README: "{@code source <(graph-upload generate-completion)} completes commands and options in
 * bash and zsh". Typed in a real shell in a pseudo-terminal (a private tmux server): Tab after a
 * command's prefix, then after an option's.
 */
class CompletionIT {

  private static final Duration LIMIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private Tmux terminal;

  @AfterEach
  void stop() throws Exception {
    if (terminal != null) {
      terminal.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "zsh"})
  void completesCommandsAndOptions(String shell) throws Exception {
    Path binary = Path.of("/usr/bin", shell);
    require(Files.isExecutable(binary), shell + " is not installed");
    require(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
    Cli.Run generated = new Cli(dir).run("generate-completion");
    assertThat(generated.exitCode()).as(generated.err()).isZero();
    Path script = Files.writeString(dir.resolve("completion.sh"), generated.out());

    terminal = new Tmux("graph-upload-completion");
    String start =
        shell.equals("zsh")
            ? "env -i HOME=" + dir + " TERM=xterm ZDOTDIR=" + dir + " /usr/bin/zsh -f"
            : "env -i HOME=" + dir + " TERM=xterm /usr/bin/bash --norc --noprofile";
    tmux("-f", "/dev/null", "new-session", "-d", "-s", "c", "-x", "150", "-y", "20", start);
    String setUp =
        (shell.equals("zsh") ? "autoload -U compinit && compinit -u && " : "")
            + "source "
            + script
            + " && echo completion-$((6 * 7))-ready"; // the screen shows 42 only once it ran
    tmux("send-keys", "-t", "c", setUp, "Enter");
    awaitScreen("completion-42-ready");

    tmux("send-keys", "-t", "c", "-l", "graph-upload up");
    tmux("send-keys", "-t", "c", "Tab");
    awaitScreen("graph-upload upload ");
    tmux("send-keys", "-t", "c", "-l", "--", "--max-a");
    tmux("send-keys", "-t", "c", "Tab");
    awaitScreen("graph-upload upload --max-attempts");
  }

  /** Skips, saying so in the build's output as well as in the report. */
  private static void require(boolean present, String why) {
    if (!present) {
      System.err.println("SKIPPED, NOT RUN: shell completion tests (" + why + ")");
    }
    Assumptions.assumeTrue(present, why + ": the shell completion tests were NOT run");
  }

  private void awaitScreen(String expected) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    String screen;
    while (!(screen = tmux("capture-pane", "-p", "-J", "-t", "c") + "\n").contains(expected)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no '" + expected + "' on the screen in " + LIMIT + ":\n" + screen);
      }
      Thread.onSpinWait();
    }
  }

  private String tmux(String... args) throws Exception {
    return terminal.run(args);
  }
}
