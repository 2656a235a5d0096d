package dev.graphupload.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.storage.file.FileSessionStore;
import dev.graphupload.testkit.TestData;
import java.io.BufferedReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token never leaves the {@code Authorization} header: not in a log line at any level (the
 * whole suite logs at DEBUG, and the library at TRACE, into one file read here last), an exception,
 * the command's output, a store record or a heap dump of records; and plain {@code http://} to a
 * host that is not loopback is refused before a connection is tried.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(Integer.MAX_VALUE)
class SecretsTest {

  private static final String SECTION = "Secrets";

  @TempDir Path dir;

  @AfterAll
  static void writeFigures() {
    Figures.write();
  }

  @Test
  @Order(1)
  void aServerThatEchoesTheTokenNeverGetsItIntoAnErrorOrALog() throws Exception {
    for (Rig.Transport kind : Rig.Transport.values()) {
      // Graph's own errors sometimes quote the request; this server quotes the Authorization header
      try (HostileServer echo =
              new HostileServer(
                  "127.0.0.1",
                  (request, n, out) -> {
                    if (request.target().contains("/uploads")) {
                      HostileServer.created(out);
                    } else {
                      HostileServer.reply(
                          out,
                          400,
                          "application/json",
                          "{\"error\":{\"message\":\"Bad header "
                              + request.header("authorization")
                              + "\",\"type\":\"OAuthException\",\"code\":100}}");
                    }
                  });
          HttpTransport transport = kind.create();
          GraphUploader uploader =
              GraphUploader.builder()
                  .endpoint(echo.baseUrl())
                  .appId(AppId.of(GraphEmulator.DEFAULT_APP_ID))
                  .accessToken(AccessToken.of(Secrets.TOKEN))
                  .transport(transport)
                  .store(new InMemorySessionStore())
                  .build()) {
        Path file = TestData.randomMp4(dir, 10_000, kind.ordinal());
        assertThatThrownBy(() -> uploader.upload(file))
            .isInstanceOfSatisfying(
                GraphUploadException.class,
                e -> {
                  assertThat(e.getMessage()).contains("Bad header");
                  Secrets.assertAbsent("an error quoting the server", Secrets.describe(e));
                });
        Secrets.assertAbsent("the uploader's toString", uploader.toString());
        Secrets.assertAbsent("the transport's toString", transport.toString());
        Figures.add(SECTION, "servers echoing the token tried (x transports)", 1);
      }
    }
  }

  @Test
  @Order(2)
  void theCommandNeverPrintsTheTokenEvenAtTraceLevel() throws Exception {
    try (Rig.Emulator graph = new Rig.Emulator(dir.resolve("graph"), Secrets.TOKEN)) {
      graph.faults(
          FaultSettings.none()
              .withSeed(5)
              .withCutProbability(0.2)
              .withLoseReplyProbability(0.1)
              .withErrorProbability(0.1));
      List<String> outputs = new ArrayList<>();
      for (String transport : List.of("jdk", "netty")) {
        Path file = TestData.randomMp4(dir, 300_000, transport.length());
        outputs.add(cli(graph.baseUrl(), Secrets.TOKEN, transport, file, 0));
      }
      // a token the emulator never issued: refused with code 190
      Path file = TestData.randomMp4(dir, 300_000, 3);
      outputs.add(cli(graph.baseUrl(), Secrets.token(999), "jdk", file, 3));
      for (String output : outputs) {
        assertThat(output).as("debug logging reached the output").contains(" DEBUG ");
        Secrets.assertAbsent("the command's output", output);
      }
      Figures.add(SECTION, "command runs at TRACE level searched", outputs.size());
    }
  }

  private String cli(URI baseUrl, String token, String transport, Path file, int exitCode)
      throws Exception {
    Path output = dir.resolve("cli-" + System.nanoTime() + ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m",
            "-cp",
            System.getProperty("java.class.path"),
            "-Duser.home=" + dir.resolve("home"),
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
            "dev.graphupload.cli.Main",
            "upload",
            file.toString(),
            "--base-url",
            baseUrl.toString(),
            "--app-id",
            GraphEmulator.DEFAULT_APP_ID,
            "--store",
            dir.resolve("cli-store").toString(),
            "--transport",
            transport,
            "--chunk-size",
            "100k",
            "--verbose");
    builder.environment().put("GRAPH_ACCESS_TOKEN", token);
    builder.redirectErrorStream(true).redirectOutput(output.toFile());
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("exit code; output: %s", text).isEqualTo(exitCode);
    return text;
  }

  @Test
  @Order(3)
  void aHeapDumpOfRecordsHoldsNoToken() throws Exception {
    Path store = dir.resolve("store");
    List<UploadResult> results = new ArrayList<>();
    try (Rig.Emulator graph = new Rig.Emulator(dir.resolve("graph"), Secrets.TOKEN);
        HttpTransport transport = Rig.Transport.JDK.create();
        GraphUploader uploader =
            Rig.uploader(graph, Secrets.TOKEN, transport, FileSessionStore.open(store))
                .chunkPolicy(ChunkPolicy.fixed(50_000))
                .build()) {
      for (int i = 0; i < 5; i++) {
        results.add(uploader.upload(TestData.randomMp4(dir, 120_000, 100 + i)));
      }
    }
    Path dump = dir.resolve("records.hprof");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                RecordsHeapDump.class.getName(),
                store.toString(),
                dump.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(said).isZero();
    assertThat(said).contains("5 records");

    byte[] heap = Files.readAllBytes(dump);
    // the dump does hold the records: every session id is in it
    for (UploadResult result : results) {
      assertThat(Secrets.indexOf(heap, result.sessionId().value().getBytes(StandardCharsets.UTF_8)))
          .as("session id %s in the dump", result.sessionId())
          .isNotNegative();
    }
    Secrets.assertAbsent("a heap dump of records", heap);
    Figures.add(SECTION, "heap dumps of records searched (bytes)", heap.length);
  }

  @Test
  @Order(4)
  void plainHttpToAHostThatIsNotLoopbackIsRefusedBeforeConnecting() throws Exception {
    // 192.0.2.1 is reserved for documentation: a connection attempt would hang, not fail fast
    URI remote = URI.create("http://192.0.2.1:8080");
    for (Rig.Transport kind : Rig.Transport.values()) {
      try (HttpTransport transport = kind.create()) {
        long began = System.nanoTime();
        TransportRequest request =
            new TransportRequest(
                "GET",
                remote.resolve("/v24.0/upload:x"),
                Map.of("Authorization", "OAuth " + Secrets.TOKEN),
                RequestBody.empty(),
                Duration.ofSeconds(30),
                65_536);
        assertThatThrownBy(
                () -> transport.execute(request, written -> {}).get(30, TimeUnit.SECONDS))
            .satisfies(
                e -> {
                  assertThat(Secrets.describe(e)).containsIgnoringCase("http");
                  Secrets.assertAbsent("the refusal", Secrets.describe(e));
                });
        assertThat(Duration.ofNanos(System.nanoTime() - began))
            .as("refused before any connection was tried")
            .isLessThan(Duration.ofSeconds(2));
      }
    }
    try (HttpTransport transport = Rig.Transport.JDK.create();
        GraphUploader uploader =
            GraphUploader.builder()
                .endpoint(remote)
                .appId(AppId.of(GraphEmulator.DEFAULT_APP_ID))
                .accessToken(AccessToken.of(Secrets.TOKEN))
                .transport(transport)
                .store(new InMemorySessionStore())
                .build()) {
      long began = System.nanoTime();
      Path file = TestData.randomMp4(dir, 1_000, 9);
      assertThatThrownBy(() -> uploader.upload(file)).isInstanceOf(GraphUploadException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(2));
    } catch (IllegalArgumentException refusedAtBuild) {
      assertThat(refusedAtBuild.getMessage()).containsIgnoringCase("http");
    }
    Figures.add(SECTION, "plain http to a remote host: attempts refused", 3);
  }

  @Test
  @Order(5)
  void noLogLineOfTheWholeSuiteHoldsAToken() throws Exception {
    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile"));
    long lines = 0;
    long debug = 0;
    try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines++;
        if (line.contains(" DEBUG ") || line.contains(" TRACE ")) {
          debug++;
        }
        Secrets.assertAbsent("log line " + lines, line);
      }
    }
    assertThat(debug).as("DEBUG and TRACE lines in the log").isPositive();
    Figures.add(SECTION, "log lines searched (DEBUG and TRACE included)", lines);
    Figures.add(SECTION, "tokens found anywhere", 0);
  }
}
