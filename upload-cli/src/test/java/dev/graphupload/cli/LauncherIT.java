package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graphupload.emulator.GraphEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code upload-cli/graph-upload}) maps what the build made for a fast start: the
 * class-data-sharing archive on Java 17, the ahead-of-time cache on Java 25 and newer, each trained
 * with both transports. The JVM's class-loading log says where each class came from.
 */
class LauncherIT {

  private static final Path LAUNCHER = Path.of("graph-upload");
  private static final String TOKEN = "launcher-token";
  private static final Path SAMPLE = Path.of("..", "samples", "sample.mp4");
  private static final String MAPPED = "dev.graphupload.cli.Main source: shared objects file";

  private static String run(Path javaHome, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
    command.addAll(args.length == 0 ? List.of("--version") : List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder.environment().put("GRAPH_ACCESS_TOKEN", TOKEN);
    builder.environment().put("GRAPH_UPLOAD_JAVA_OPTS", "-Xlog:class+load=info");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void onJava17TheLauncherMapsTheClassDataSharingArchive() throws Exception {
    Path home = Path.of(System.getProperty("java.home"));
    assumeTrue(Runtime.version().feature() < 25, "the build's JDK is 25 or newer");
    assertThat(Path.of("target/graph-upload.jsa")).exists();

    assertThat(run(home)).contains(MAPPED + " (top)"); // the archive's top layer: ours
  }

  @Test
  void onJava17EachTransportStartsFromTheArchive(@TempDir Path dir) throws Exception {
    assumeTrue(Runtime.version().feature() < 25, "the build's JDK is 25 or newer");
    try (GraphEmulator emulator = GraphEmulator.builder().tokens(TOKEN).build()) {
      for (String transport : List.of("netty", "jdk")) {
        String out = upload(Path.of(System.getProperty("java.home")), emulator, transport, dir);

        // the build trains the archive with both transports: neither loads its classes from the jar
        assertThat(fromTheJar(out, "dev.graphupload.transport.")).as(transport).isEmpty();
        assertThat(fromTheJar(out, "io.netty.")).as(transport).hasSizeLessThan(20);
        // Netty's flight-recorder events are off in the command: no event classes are generated
        assertThat(out).as(transport).doesNotContain("jdk.jfr.internal.EventHandlerCreator");
      }
    }
  }

  @Test
  void onJava25TheNettyTransportLoadsItsNativeLibraryWithoutAWarning(@TempDir Path dir)
      throws Exception {
    Optional<Path> java25 = jdk25();
    if (java25.isEmpty()) {
      System.err.println("SKIPPED, NOT RUN: Netty on Java 25 (no JDK 25+ found: set JAVA25_HOME)");
    }
    assumeTrue(java25.isPresent(), "no JDK 25");
    try (GraphEmulator emulator = GraphEmulator.builder().tokens(TOKEN).build()) {
      String out = upload(java25.get(), emulator, "netty", dir);

      assertThat(out).contains("io.netty.channel.epoll.Native").doesNotContain("WARNING");
    }
  }

  private static String upload(Path javaHome, GraphEmulator emulator, String transport, Path dir)
      throws IOException, InterruptedException {
    return run(
        javaHome,
        "upload",
        "--quiet",
        "--base-url",
        emulator.baseUrl().toString(),
        "--app-id",
        emulator.appId(),
        "--transport",
        transport,
        "--store",
        dir.resolve("store-" + transport).toString(),
        SAMPLE.toString());
  }

  private static List<String> fromTheJar(String classLoadLog, String prefix) {
    return classLoadLog
        .lines()
        .filter(l -> l.contains("] " + prefix) && !l.contains("source: shared objects file"))
        .toList();
  }

  @Test
  void onJava25TheLauncherMapsTheAheadOfTimeCache() throws Exception {
    Optional<Path> java25 = jdk25();
    boolean cache = Files.exists(Path.of("target/graph-upload.aot"));
    if (java25.isEmpty() || !cache) {
      System.err.println(
          "SKIPPED, NOT RUN: the launcher on Java 25 ("
              + (java25.isEmpty()
                  ? "no JDK 25+ found: set JAVA25_HOME"
                  : "no ahead-of-time cache: build on JDK 25, with -Daot.java=PATH or a Temurin 25 in /usr/lib/jvm")
              + ")");
    }
    assumeTrue(java25.isPresent() && cache, "no JDK 25 or no ahead-of-time cache");

    String out = run(java25.get());

    assertThat(out).contains(MAPPED).doesNotContain(MAPPED + " (top)");
  }

  private static Optional<Path> jdk25() throws IOException {
    String given = System.getenv("JAVA25_HOME");
    if (given != null && !given.isBlank()) {
      return Optional.of(Path.of(given));
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes
          .filter(h -> h.getFileName().toString().matches(".*-2[5-9](-.*)?"))
          .filter(h -> Files.isExecutable(h.resolve("bin/java")))
          .findFirst();
    }
  }
}
