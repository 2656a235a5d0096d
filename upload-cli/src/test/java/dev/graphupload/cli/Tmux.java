package dev.graphupload.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A private tmux server for one test: a real pseudo-terminal whose screen a test can read. */
final class Tmux implements AutoCloseable {

  private final String socket;

  Tmux(String name) {
    this.socket = name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
  }

  /** Runs a tmux command against this server, bounded: a client that hangs fails the test. */
  String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("/usr/bin/tmux", "-L", socket));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("tmux " + String.join(" ", args) + " did not return");
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Ends the server and the processes of its panes. */
  @Override
  public void close() throws IOException {
    try {
      run("kill-server");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while ending the tmux server", e);
    }
  }
}
