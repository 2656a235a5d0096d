package dev.graphupload.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code graph-upload.jar} as a separate process, with a private home. */
final class Cli {

  /** What a finished run left behind. */
  record Run(int exitCode, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  /** A run still going. */
  static final class Running {
    final Process process;
    final CompletableFuture<String> out;
    final CompletableFuture<String> err;

    /** The first line the process printed on stdout, as soon as it is printed. */
    final CompletableFuture<String> firstLine = new CompletableFuture<>();

    Running(Process process) {
      this.process = process;
      this.out = readLines(process.getInputStream(), firstLine);
      this.err = read(process.getErrorStream());
    }

    private static CompletableFuture<String> readLines(
        InputStream in, CompletableFuture<String> first) {
      return CompletableFuture.supplyAsync(
          () -> {
            StringBuilder all = new StringBuilder();
            try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
              for (String line; (line = lines.readLine()) != null; ) {
                first.complete(line);
                all.append(line).append('\n');
              }
            } catch (IOException e) {
              // the process went away: what was read is what it printed
            }
            first.complete("");
            return all.toString();
          },
          READERS);
    }

    /** A thread per stream: readers block, and the common pool may have a single thread. */
    private static final Executor READERS =
        task -> {
          Thread thread = new Thread(task, "cli-output-reader");
          thread.setDaemon(true);
          thread.start();
        };

    private static CompletableFuture<String> read(InputStream in) {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
              return "";
            }
          },
          READERS);
    }

    Run await() throws Exception {
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("graph-upload did not finish within 180 s");
      }
      return new Run(
          process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    void signal(String name) throws Exception {
      new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
          .start()
          .waitFor(10, TimeUnit.SECONDS);
    }
  }

  private final Path home;

  Cli(Path home) {
    this.home = home;
  }

  static Path jar() {
    return Path.of(System.getProperty("graph-upload.jar", "target/graph-upload.jar"));
  }

  Running start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-Duser.home=" + home);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("GRAPH_ACCESS_TOKEN");
    builder.environment().remove("GRAPH_UPLOAD_HOME");
    builder.environment().remove("XDG_CONFIG_HOME"); // the account's own config stays out
    builder.environment().keySet().removeIf(k -> k.startsWith("GRAPH_"));
    builder.environment().put("HOME", home.toString());
    builder.environment().putAll(env);
    return new Running(builder.start());
  }

  Run run(String... args) throws Exception {
    return start(Map.of(), args).await();
  }

  Run run(Map<String, String> env, String... args) throws Exception {
    return start(env, args).await();
  }
}
