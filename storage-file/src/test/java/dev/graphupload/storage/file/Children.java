package dev.graphupload.storage.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Starts {@link StoreChild} JVMs and collects what they print. */
final class Children {

  static final class Child implements AutoCloseable {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    Child(Process process) {
      this.process = process;
      this.reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    lines.add(line);
                  }
                } catch (IOException ended) {
                  // the child is gone
                }
              },
              "child-output");
      reader.setDaemon(true);
      reader.start();
    }

    void awaitLine(String prefix, long timeoutMillis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      while (lines.stream().noneMatch(l -> l.startsWith(prefix))) {
        if (System.currentTimeMillis() > deadline
            || !process.isAlive() && lines.stream().noneMatch(l -> l.startsWith(prefix))) {
          if (lines.stream().anyMatch(l -> l.startsWith(prefix))) {
            return;
          }
          throw new AssertionError("the child never printed '" + prefix + "'; it printed " + lines);
        }
        Thread.sleep(10);
      }
    }

    /** SIGKILL, then wait for the child and for its last output. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      reader.join(10_000);
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        try {
          kill();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private Children() {}

  static Child start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx64m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StoreChild.class.getName());
    command.addAll(List.of(args));
    return new Child(
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
  }
}
