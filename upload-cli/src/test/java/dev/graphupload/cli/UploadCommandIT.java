package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.testkit.TestData;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.embedded.RedisServer;

/** The command run as a separate process against an emulator, as a user would run it. */
class UploadCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "EAAG-CLI-TEST-TOKEN-0123456789";

  @TempDir Path dir;
  private GraphEmulator emulator;
  private Cli cli;

  @BeforeEach
  void start() {
    emulator = GraphEmulator.builder().tokens(TOKEN).build();
    cli = new Cli(dir.resolve("home"));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private List<String> args(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "upload",
                "--base-url",
                emulator.baseUrl().toString(),
                "--app-id",
                emulator.appId(),
                "--token",
                TOKEN,
                "--store",
                dir.resolve("sessions").toString()));
    args.addAll(List.of(more));
    return args;
  }

  private String sha256OfHandle(String handle) {
    return emulator.sha256Of(handle).orElseThrow();
  }

  private long serverOffset() {
    var sessions = emulator.sessions();
    return sessions.isEmpty() ? 0 : sessions.get(0).offset();
  }

  /** The server's offset once what the killed client had buffered has drained. */
  private long stableServerOffset() throws Exception {
    long last = -1;
    for (int i = 0; i < 100; i++) {
      long now = serverOffset();
      if (now == last) {
        return now;
      }
      last = now;
      Thread.sleep(500);
    }
    return last;
  }

  private static void assertNoSecretsOrStackTraces(Cli.Run run) {
    assertThat(run.out() + run.err())
        .doesNotContain(TOKEN)
        .doesNotContain("\tat dev.")
        .doesNotContain("Exception in thread");
  }

  @Test
  void uploadsAFileAndPrintsItsHandle() throws Exception {
    Path file = TestData.randomMp4(dir, 3_000_000, 1);

    Cli.Run run = cli.run(args(file.toString()).toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isZero();
    String handle = run.out().strip();
    assertThat(handle).startsWith("2:");
    assertThat(sha256OfHandle(handle)).isEqualTo(TestData.sha256(file));
    assertNoSecretsOrStackTraces(run);
  }

  @Test
  void uploadsWithTheNettyTransportToo() throws Exception {
    Path file = TestData.randomMp4(dir, 2_000_000, 14);

    Cli.Run run =
        cli.run(args("--transport", "netty", "--quiet", file.toString()).toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sha256OfHandle(run.out().strip())).isEqualTo(TestData.sha256(file));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "netty"})
  void uploadsOverHttpsTrustingTheEmulatorsCa(String transport) throws Exception {
    Path file = TestData.randomMp4(dir, 3_000_000, 16);
    Path other = TestData.randomMp4(dir, 100_000, 17);
    try (GraphEmulator secure = GraphEmulator.builder().tokens(TOKEN).tls(true).build()) {
      List<String> args =
          secureUpload(
              secure, "tls-sessions-" + transport, "--transport", transport, file.toString());

      Cli.Run run = cli.run(args.toArray(String[]::new));
      Cli.Run untrusted =
          cli.run(
              args.stream()
                  .filter(a -> !a.equals("--ca-cert") && !a.endsWith("ca.pem"))
                  .map(a -> a.equals(file.toString()) ? other.toString() : a)
                  .toArray(String[]::new));

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(secure.sha256Of(run.out().strip())).hasValue(TestData.sha256(file));
      assertThat(untrusted.exitCode())
          .as("without --ca-cert the certificate is not trusted")
          .isNotZero();
      assertNoSecretsOrStackTraces(untrusted);
    }
  }

  @Test
  void uploadsSeveralFilesOverHttp2() throws Exception {
    Path first = TestData.randomMp4(dir, 1_500_000, 18);
    Path second = TestData.randomMp4(dir, 300_000, 19);
    try (GraphEmulator secure = GraphEmulator.builder().tokens(TOKEN).tls(true).build()) {
      Cli.Run run =
          cli.run(
              secureUpload(secure, "h2-sessions", "--http2", first.toString(), second.toString())
                  .toArray(String[]::new));

      assertThat(run.exitCode()).as(run.err()).isZero();
      List<String> handles = run.out().strip().lines().map(l -> l.replaceAll(".*\\s", "")).toList();
      assertThat(handles).hasSize(2);
      assertThat(handles.stream().map(h -> secure.sha256Of(h).orElse("none")))
          .containsExactlyInAnyOrder(TestData.sha256(first), TestData.sha256(second));
    }
  }

  /**
   * The arguments of a quiet upload to a TLS emulator, trusting its CA, with a store of its own in
   * {@code dir}, then {@code more}.
   */
  private List<String> secureUpload(GraphEmulator secure, String store, String... more) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "upload",
            "--base-url",
            secure.baseUrl().toString(),
            "--app-id",
            secure.appId(),
            "--token",
            TOKEN,
            "--ca-cert",
            secure.caCertificate().orElseThrow().toString(),
            "--store",
            dir.resolve(store).toString(),
            "--quiet"));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void keepsItsDataUnderHomeFromTheEnvironmentNotThePasswordFile() throws Exception {
    Path file = TestData.randomMp4(dir, 200_000, 15);
    Path home = dir.resolve("elsewhere");
    List<String> noStore =
        List.of(
            "upload",
            "--base-url",
            emulator.baseUrl().toString(),
            "--app-id",
            emulator.appId(),
            "--token",
            TOKEN,
            "--quiet",
            file.toString());

    Cli.Run run = cli.run(Map.of("HOME", home.toString()), noStore.toArray(String[]::new));
    Cli.Run own =
        cli.run(
            Map.of("GRAPH_UPLOAD_HOME", dir.resolve("own").toString()),
            noStore.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isZero();
    try (var records = Files.list(home.resolve(".graph-upload/sessions"))) {
      assertThat(records.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.endsWith(".json"));
    }
    assertThat(dir.resolve("home/.graph-upload")).as("user.home is not used").doesNotExist();
    assertThat(own.exitCode()).as(own.err()).isZero();
    assertThat(dir.resolve("own/sessions")).isDirectory();
  }

  @Test
  void keepsItsSessionsInRedisWhenAskedTo() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    RedisServer server =
        RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("appendonly no").build();
    server.start();
    try {
      Path file = TestData.randomMp4(dir, 500_000, 15);
      String store = "redis://127.0.0.1:" + port;
      List<String> upload = new ArrayList<>(args("--quiet", file.toString()));
      upload.set(upload.indexOf("--store") + 1, store);

      Cli.Run run = cli.run(upload.toArray(String[]::new));
      Cli.Run listed = cli.run("sessions", "--store", store);

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(sha256OfHandle(run.out().strip())).isEqualTo(TestData.sha256(file));
      assertThat(listed.out()).contains(file.toString()).contains("done");
    } finally {
      server.stop();
    }
  }

  @Test
  void printsOneJsonObjectWithTheDocumentedFields() throws Exception {
    Path file = TestData.randomMp4(dir, 1_000_000, 2);

    Cli.Run run = cli.run(args("--json", "--quiet", file.toString()).toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).hasSize(1);
    JsonNode result = JSON.readTree(run.out());
    assertThat(result.get("bytes").asLong()).isEqualTo(1_000_000);
    assertThat(result.get("bytesSent").asLong()).isEqualTo(1_000_000);
    assertThat(result.get("resumed").asBoolean()).isFalse();
    assertThat(result.get("sessionId").asText()).startsWith("upload:");
    assertThat(result.get("elapsedMs").asLong()).isNotNegative();
    assertThat(sha256OfHandle(result.get("handle").asText())).isEqualTo(TestData.sha256(file));
  }

  private Cli.Running startSlowUpload(Path file, String... options) throws Exception {
    emulator.faults(FaultSettings.none().withBandwidth(2_000_000));
    List<String> command = args("--json");
    command.addAll(List.of(options));
    command.add(file.toString());
    Cli.Running running = cli.start(Map.of(), command.toArray(String[]::new));
    assertThat(emulator.awaitReceived(1_000_000, Duration.ofSeconds(30)))
        .as("the upload got going")
        .isTrue();
    return running;
  }

  @Test
  void aKeyResumesTheSameBytesInANewTemporaryFileUnderTheGivenName() throws Exception {
    byte[] content = Files.readAllBytes(TestData.randomMp4(dir, 12_000_000, 31));
    Path first = Files.write(dir.resolve("upload-1.tmp"), content);
    Cli.Running running = startSlowUpload(first, "--key", "order-42", "--name", "clip.mp4");
    running.process.destroyForcibly(); // SIGKILL
    running.process.waitFor();
    long held = stableServerOffset();
    emulator.faults(FaultSettings.none());
    Path second = Files.write(dir.resolve("upload-2.tmp"), content);

    Cli.Run again =
        cli.run(
            args("--json", "--key", "order-42", "--name", "clip.mp4", second.toString())
                .toArray(String[]::new));

    assertThat(again.exitCode()).as(again.err()).isZero();
    JsonNode result = JSON.readTree(again.out());
    assertThat(result.get("resumed").asBoolean()).isTrue();
    assertThat(result.get("bytesSent").asLong()).isLessThanOrEqualTo(12_000_000 - held);
    assertThat(result.get("key").asText()).isEqualTo("order-42");
    assertThat(result.get("fileName").asText()).isEqualTo("clip.mp4");
    assertThat(emulator.sessions())
        .as("one session, under the name given")
        .singleElement()
        .satisfies(session -> assertThat(session.fileName()).isEqualTo("clip.mp4"));
    assertThat(sha256OfHandle(result.get("handle").asText())).isEqualTo(TestData.sha256(first));
    Cli.Run sessions = cli.run("sessions", "--store", dir.resolve("sessions").toString(), "--json");
    assertThat(JSON.readTree(sessions.out()).get("key").asText()).isEqualTo("order-42");
  }

  @Test
  void uploadsStandardInputUnderItsNameAndLeavesNoSpoolFile() throws Exception {
    byte[] content = Files.readAllBytes(TestData.randomMp4(dir, 2_000_000, 32));

    Cli.Running running =
        cli.start(
            Map.of(), args("--json", "--quiet", "--name", "clip.mp4", "-").toArray(String[]::new));
    try (var in = running.process.getOutputStream()) {
      in.write(content);
    }
    Cli.Run run = running.await();

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode result = JSON.readTree(run.out());
    assertThat(result.get("file").asText()).isEqualTo("-");
    assertThat(sha256OfHandle(result.get("handle").asText())).isEqualTo(TestData.sha256(content));
    assertThat(emulator.sessions().get(0).fileName()).isEqualTo("clip.mp4");
    try (var spool = Files.list(dir.resolve("home/.graph-upload/spool"))) {
      assertThat(spool).as("the spooled input is deleted").isEmpty();
    }
  }

  @Test
  void refusesAKeyOrANameForSeveralFilesAndStandardInputWithoutAName() throws Exception {
    Path a = TestData.randomMp4(dir, 1_000, 33);
    Path b = TestData.randomMp4(dir, 1_000, 34);

    Cli.Run keyed = cli.run(args("--key", "k", a.toString(), b.toString()).toArray(String[]::new));
    Cli.Run stdin = cli.run(args("-").toArray(String[]::new));

    assertThat(keyed.exitCode()).isEqualTo(2);
    assertThat(keyed.err()).contains("--key is for one upload; give one FILE (got 2)");
    assertThat(stdin.exitCode()).isEqualTo(2);
    assertThat(stdin.err()).contains("Reading standard input (-) needs --name NAME");
  }

  @Test
  void resumesAfterBeingKilledAndSendsOnlyWhatTheServerLacked() throws Exception {
    Path file = TestData.randomMp4(dir, 12_000_000, 3);
    Cli.Running running = startSlowUpload(file);

    running.process.destroyForcibly(); // SIGKILL
    running.process.waitFor();
    long held = stableServerOffset();
    emulator.faults(FaultSettings.none());

    Cli.Run again = cli.run(args("--json", file.toString()).toArray(String[]::new));

    assertThat(again.exitCode()).as(again.err()).isZero();
    JsonNode result = JSON.readTree(again.out());
    assertThat(result.get("resumed").asBoolean()).isTrue();
    // the server's offset only grows after the kill (buffered bytes still drain), so what the
    // resumed run sends is at most what it lacked when we looked, and never the whole file
    assertThat(result.get("bytesSent").asLong())
        .isPositive()
        .isLessThanOrEqualTo(12_000_000 - held);
    assertThat(again.err()).contains("resuming at");
    assertThat(sha256OfHandle(result.get("handle").asText())).isEqualTo(TestData.sha256(file));
  }

  @Test
  void stopsCleanlyOnCtrlCWithExitCode130AndResumesNextTime() throws Exception {
    Path file = TestData.randomMp4(dir, 12_000_000, 4);
    Cli.Running running = startSlowUpload(file);

    running.signal("INT");
    Cli.Run interrupted = running.await();

    assertThat(interrupted.exitCode()).isEqualTo(130);
    assertThat(interrupted.err())
        .containsPattern(
            "interrupted: [0-9.]+ MiB of 11\\.4 MiB \\([0-9]+%\\) (is on the server|was sent[^;]*);"
                + " run the same"
                + " command again to resume "
                + file.getFileName());
    assertThat(JSON.readTree(interrupted.out()).get("exitCode").asInt()).isEqualTo(130);
    assertNoSecretsOrStackTraces(interrupted);
    emulator.faults(FaultSettings.none());
    Cli.Run again = cli.run(args("--json", file.toString()).toArray(String[]::new));
    JsonNode result = JSON.readTree(again.out());
    assertThat(result.get("resumed").asBoolean()).isTrue();
    assertThat(result.get("bytesSent").asLong()).isLessThan(12_000_000);
    assertThat(sha256OfHandle(result.get("handle").asText())).isEqualTo(TestData.sha256(file));
  }

  @Test
  void aFileAnotherRunHoldsIsWaitedForAndReportedDoneElsewhereOrRefusedWithNoWait()
      throws Exception {
    Path file = TestData.randomMp4(dir, 12_000_000, 16);
    Cli.Running first = startSlowUpload(file);

    Cli.Run refused = cli.run(args("--no-wait", file.toString()).toArray(String[]::new));
    Cli.Run waited = cli.run(args("--json", file.toString()).toArray(String[]::new));
    Cli.Run done = first.await();

    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
    assertThat(refused.err()).contains("Another upload of " + file.toAbsolutePath());
    assertThat(waited.exitCode()).as(waited.err()).isZero();
    assertThat(waited.err()).contains("another upload holds it; coming back to it");
    JsonNode result = JSON.readTree(waited.out());
    assertThat(result.get("outcome").asText()).isEqualTo("done-elsewhere");
    assertThat(result.get("bytesSent").asLong()).isZero();
    assertThat(result.get("handle").asText())
        .isEqualTo(JSON.readTree(done.out()).get("handle").asText());
    assertThat(emulator.sessions()).hasSize(1);
  }

  @Test
  void withVerifyContentAChmodAfterAKillResumesFromTheServersOffset() throws Exception {
    Path file = TestData.randomMp4(dir, 12_000_000, 17);
    emulator.faults(FaultSettings.none().withBandwidth(2_000_000));
    Cli.Running first =
        cli.start(
            Map.of(),
            args("--json", "--verify-content", "--chunk-size", "1M", file.toString())
                .toArray(String[]::new));
    assertThat(emulator.awaitReceived(3_000_000, Duration.ofSeconds(30))).isTrue();
    first.process.destroyForcibly();
    first.process.waitFor();
    emulator.faults(FaultSettings.none());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    Cli.Run resumed =
        cli.run(args("--json", "--verify-content", file.toString()).toArray(String[]::new));

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    JsonNode result = JSON.readTree(resumed.out());
    assertThat(result.get("outcome").asText()).isEqualTo("resumed");
    assertThat(result.get("bytesSent").asLong()).isLessThan(12_000_000);
    assertThat(sha256OfHandle(result.get("handle").asText())).isEqualTo(TestData.sha256(file));
  }

  @Test
  void takesSettingsFromAConfigFileUnderTheEnvironmentAndFlagsAndSaysWhichCameFromWhere()
      throws Exception {
    Path xdg = dir.resolve("xdg");
    Path config = Files.createDirectories(xdg.resolve("graph-upload")).resolve("config.properties");
    Files.writeString(
        config,
        "# where the team's uploads go\n"
            + "base-url = "
            + emulator.baseUrl()
            + "\napp-id = 42\nstore = "
            + dir.resolve("sessions")
            + "\nparallel = 3\n");
    Path file = TestData.randomMp4(dir, 200_000, 18);
    Map<String, String> env =
        Map.of("XDG_CONFIG_HOME", xdg.toString(), "GRAPH_APP_ID", emulator.appId());

    Cli.Run upload = cli.run(env, "upload", "--quiet", "--token", TOKEN, file.toString());
    Cli.Run shown = cli.run(env, "config");
    Cli.Run flagWins =
        cli.run(env, "upload", "--quiet", "--token", TOKEN, "--app-id", "7", file.toString());

    assertThat(upload.exitCode()).as(upload.err()).isZero();
    assertThat(sha256OfHandle(upload.out().strip())).isEqualTo(TestData.sha256(file));
    assertThat(shown.out())
        .contains("config file: " + config)
        .containsPattern("app-id +" + emulator.appId() + " +environment \\(GRAPH_APP_ID\\)")
        .containsPattern(
            "base-url +" + Pattern.quote(emulator.baseUrl().toString()) + " +config file")
        .containsPattern("parallel +3 +config file")
        .containsPattern("transport +jdk +default")
        .contains("(not set");
    assertThat(flagWins.exitCode())
        .as("app 7 is not the emulator's: the flag was used")
        .isEqualTo(3);

    Files.writeString(config, "colour = blue\n");
    Cli.Run unknown = cli.run(env, "upload", "--token", TOKEN, file.toString());
    Files.writeString(config, "token = " + TOKEN + "\n");
    Cli.Run withToken = cli.run(env, "upload", file.toString());

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown setting 'colour' in the config file " + config);
    assertThat(withToken.exitCode()).isEqualTo(2);
    assertThat(withToken.err()).contains("holds an access token").doesNotContain(TOKEN);
  }

  @Test
  void sigtermEndsWith143AndSaysSoInItsJsonLine() throws Exception {
    Path file = TestData.randomMp4(dir, 12_000_000, 6);
    Cli.Running running = startSlowUpload(file);

    running.signal("TERM");
    Cli.Run stopped = running.await();

    assertThat(stopped.exitCode()).isEqualTo(143);
    JsonNode line = JSON.readTree(stopped.out());
    assertThat(line.get("exitCode").asInt()).as(stopped.out()).isEqualTo(143);
    assertThat(line.get("error").asText()).containsPattern("of 11\\.4 MiB \\([0-9]+%\\)");
  }

  @Test
  void ctrlCInAMultiFileRunStartsNothingNewAndReportsEveryFile() throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      files.add(TestData.randomMp4(dir, 12_000_000, 30 + i));
    }
    emulator.faults(FaultSettings.none().withBandwidth(2_000_000));
    List<String> command = new ArrayList<>(args("--json", "--parallel", "1"));
    files.forEach(f -> command.add(f.toString()));
    Cli.Running running = cli.start(Map.of(), command.toArray(String[]::new));
    assertThat(emulator.awaitReceived(1_000_000, Duration.ofSeconds(30))).isTrue();

    running.signal("INT");
    Cli.Run interrupted = running.await();

    assertThat(interrupted.exitCode()).isEqualTo(130);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : interrupted.out().lines().toList()) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines)
        .as("a JSON line for every file, started or not: " + interrupted.out())
        .hasSize(3)
        .allSatisfy(node -> assertThat(node.get("exitCode").asInt()).isEqualTo(130));
    assertThat(emulator.sessions()).as("no file started after the interrupt").hasSize(1);
    assertNoSecretsOrStackTraces(interrupted);
  }

  @Test
  void neverResumesAFileThatChanged() throws Exception {
    Path file = TestData.randomMp4(dir, 12_000_000, 5);
    Cli.Running running = startSlowUpload(file);
    running.process.destroyForcibly();
    running.process.waitFor();
    emulator.faults(FaultSettings.none());
    Files.write(
        file,
        Files.readAllBytes(
            TestData.randomMp4(Files.createDirectories(dir.resolve("other")), 11_000_000, 6)));

    Cli.Run again = cli.run(args("--json", file.toString()).toArray(String[]::new));

    assertThat(again.exitCode()).as(again.err()).isZero();
    JsonNode result = JSON.readTree(again.out());
    assertThat(result.get("resumed").asBoolean()).isFalse();
    assertThat(result.get("bytesSent").asLong()).isEqualTo(11_000_000);
    assertThat(again.err()).contains("changed");
    assertThat(sha256OfHandle(result.get("handle").asText())).isEqualTo(TestData.sha256(file));
  }

  @Test
  void uploadsSeveralFilesAndOneFailureStopsNoOther() throws Exception {
    Path a = TestData.randomMp4(dir, 500_000, 7);
    Path b = TestData.randomMp4(dir, 600_000, 8);
    Path missing = dir.resolve("missing.mp4");

    Cli.Run run =
        cli.run(
            args("--json", "--parallel", "2", a.toString(), missing.toString(), b.toString())
                .toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(2);
    List<JsonNode> results = new ArrayList<>();
    for (String line : run.out().lines().toList()) {
      results.add(JSON.readTree(line));
    }
    assertThat(results).hasSize(3);
    assertThat(results.stream().filter(r -> r.has("handle"))).hasSize(2);
    assertThat(
            results.stream()
                .filter(r -> r.has("error"))
                .findFirst()
                .orElseThrow()
                .get("error")
                .asText())
        .contains("does not exist");

    Cli.Run plain = cli.run(args(a.toString(), missing.toString()).toArray(String[]::new));
    assertThat(plain.errLines())
        .anyMatch(
            line ->
                line.matches(
                    "2 files: 0 uploaded, 1 already uploaded, 1 failed; 0 B sent in [0-9.]+ (ms|s)"
                        + " of the whole run \\(.*/s\\), [0-9]+ retr.*"));
  }

  @Test
  void listsAndClearsStoredSessions() throws Exception {
    Path file = TestData.randomMp4(dir, 100_000, 9);
    cli.run(args(file.toString()).toArray(String[]::new));
    String store = dir.resolve("sessions").toString();

    Cli.Run listed = cli.run("sessions", "--store", store);
    Cli.Run asJson = cli.run("sessions", "--store", store, "--json");
    Cli.Run cleared = cli.run("sessions", "--store", store, "--clear");
    Cli.Run empty = cli.run("sessions", "--store", store);

    assertThat(listed.out().lines().toList())
        .hasSize(2)
        .satisfies(l -> assertThat(l.get(0)).startsWith("STATE").contains("FILE"))
        .satisfies(l -> assertThat(l.get(1)).startsWith("done").endsWith(file.toString()));
    assertThat(listed.out().lines().map(l -> l.indexOf(file.getParent().toString())))
        .as("the file column is aligned")
        .containsOnly(-1, listed.out().lines().toList().get(0).indexOf("FILE"));
    JsonNode record = JSON.readTree(asJson.out());
    assertThat(record.get("file").asText()).isEqualTo(file.toString());
    assertThat(record.get("state").asText()).isEqualTo("done");
    assertThat(record.get("handle").asText()).isNotEmpty();
    assertThat(cleared.out()).contains("Forgot 1 stored session.");
    assertThat(empty.out()).contains("No stored sessions");

    Path nowhere = dir.resolve("never-made");
    Cli.Run none = cli.run("sessions", "--store", nowhere.toString());
    assertThat(none.exitCode()).isZero();
    assertThat(none.out()).contains("No stored sessions").contains("does not exist");
    assertThat(nowhere).as("a listing creates nothing").doesNotExist();
  }

  @Test
  void reportsTheStatusOfAnUnfinishedUpload() throws Exception {
    Path file = TestData.randomMp4(dir, 12_000_000, 10);
    Cli.Running running = startSlowUpload(file);
    running.process.destroyForcibly();
    running.process.waitFor();

    Cli.Run status =
        cli.run(
            "status",
            file.toString(),
            "--base-url",
            emulator.baseUrl().toString(),
            "--app-id",
            emulator.appId(),
            "--token",
            TOKEN,
            "--store",
            dir.resolve("sessions").toString());

    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("in progress").contains("server:").contains("of 11.4 MiB");
    assertNoSecretsOrStackTraces(status);

    // a record does not choose where the token goes: without --base-url, Graph's endpoint is the
    // configured one, and the record's (the emulator) is not asked
    Cli.Run byFile =
        cli.run(
            Map.of("GRAPH_ACCESS_TOKEN", TOKEN),
            "status",
            file.toString(),
            "--store",
            dir.resolve("sessions").toString());
    Cli.Run noToken =
        cli.run("status", file.toString(), "--store", dir.resolve("sessions").toString());

    assertThat(byFile.exitCode()).as(byFile.err()).isZero();
    assertThat(byFile.out())
        .contains("endpoint:  " + emulator.baseUrl())
        .contains(
            "not asked: the record names "
                + emulator.baseUrl()
                + ", not the configured endpoint https://graph.facebook.com; pass --base-url "
                + emulator.baseUrl());
    assertThat(noToken.exitCode()).as(noToken.err()).isZero();
    assertThat(noToken.out())
        .contains("in progress")
        .contains("not asked: set GRAPH_ACCESS_TOKEN (or pass --token-file FILE)");
  }

  private List<String> withoutToken(String... more) {
    List<String> args = args(more);
    int at = args.indexOf("--token");
    args.remove(at + 1);
    args.remove(at);
    return args;
  }

  @Test
  void readsTheTokenFromAPrivateFileOrStandardInputAndWarnsAboutItOnTheCommandLine()
      throws Exception {
    Path file = TestData.randomMp4(dir, 100_000, 36);
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));

    Cli.Run fromFile =
        cli.run(
            withoutToken("--quiet", "--token-file", tokenFile.toString(), file.toString())
                .toArray(String[]::new));
    Cli.Running piped =
        cli.start(
            Map.of(),
            withoutToken("--quiet", "--token-file", "-", file.toString()).toArray(String[]::new));
    try (var in = piped.process.getOutputStream()) {
      in.write((TOKEN + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Cli.Run fromStdin = piped.await();
    Cli.Run onTheCommandLine = cli.run(args("--quiet", file.toString()).toArray(String[]::new));

    assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
    assertThat(fromFile.err()).doesNotContain("warning");
    assertThat(fromStdin.exitCode()).as(fromStdin.err()).isZero();
    assertThat(onTheCommandLine.exitCode()).isZero();
    assertThat(onTheCommandLine.err())
        .containsOnlyOnce("warning: --token can be read by other users of this machine")
        .contains("--token-file FILE or GRAPH_ACCESS_TOKEN");
    assertNoSecretsOrStackTraces(onTheCommandLine);
  }

  @Test
  void refusesATokenFileOthersCanReadOrThatIsMissingAndReadsOneNamedInTheConfigFile()
      throws Exception {
    Path file = TestData.randomMp4(dir, 100_000, 37);
    Path open = Files.writeString(dir.resolve("open-token"), TOKEN);
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    Path config = Files.createDirectories(dir.resolve("xdg/graph-upload"));
    Path privateToken = Files.writeString(dir.resolve("private-token"), TOKEN);
    Files.setPosixFilePermissions(privateToken, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(config.resolve("config.properties"), "token-file=" + privateToken + "\n");

    Cli.Run readable =
        cli.run(
            withoutToken("--token-file", open.toString(), file.toString()).toArray(String[]::new));
    Cli.Run missing =
        cli.run(
            withoutToken("--token-file", dir.resolve("nope").toString(), file.toString())
                .toArray(String[]::new));
    Cli.Run configured =
        cli.run(
            Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString()),
            withoutToken("--quiet", file.toString()).toArray(String[]::new));

    assertThat(readable.exitCode()).isEqualTo(2);
    assertThat(readable.err())
        .contains("can be read by other users (mode rw-r--r--)")
        .contains("chmod 600 " + open);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains(dir.resolve("nope") + " does not exist");
    assertThat(configured.exitCode()).as(configured.err()).isZero();
    assertNoSecretsOrStackTraces(readable);
  }

  @Test
  void aRecordEditedToNameAnotherEndpointNeverReceivesTheToken() throws Exception {
    Path file = TestData.randomMp4(dir, 12_000_000, 35);
    Cli.Running running = startSlowUpload(file);
    running.process.destroyForcibly();
    running.process.waitFor();
    try (ServerSocket collector = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String elsewhere = "http://127.0.0.1:" + collector.getLocalPort();
      try (var records = Files.list(dir.resolve("sessions"))) {
        for (Path record : records.filter(p -> p.toString().endsWith(".json")).toList()) {
          Files.writeString(
              record,
              Files.readString(record)
                  .replace(
                      "\"endpoint\":\"" + emulator.baseUrl() + "\"",
                      "\"endpoint\":\"" + elsewhere + "\""));
        }
      }

      Cli.Run status =
          cli.run(
              Map.of("GRAPH_ACCESS_TOKEN", TOKEN),
              "status",
              file.toString(),
              "--base-url",
              emulator.baseUrl().toString(),
              "--app-id",
              emulator.appId(),
              "--store",
              dir.resolve("sessions").toString());
      Cli.Run resumed =
          cli.run(
              Map.of("GRAPH_ACCESS_TOKEN", TOKEN),
              "upload",
              "--json",
              "--base-url",
              emulator.baseUrl().toString(),
              "--app-id",
              emulator.appId(),
              "--store",
              dir.resolve("sessions").toString(),
              file.toString());

      assertThat(status.out()).contains("not asked: the record names " + elsewhere);
      assertThat(resumed.exitCode()).as(resumed.err()).isZero();
      assertThat(resumed.err()).contains("names another endpoint (" + elsewhere + ")");
      collector.setSoTimeout(200); // both commands have ended: a connection would be queued
      assertThatThrownBy(collector::accept)
          .as("nothing ever connected to the endpoint the record named")
          .isInstanceOf(SocketTimeoutException.class);
    }
  }

  // ---- bad input: the documented exit code and one clear line ----

  @Test
  void aLeaseThatIsNoTimeTooShortOrForADirectoryStoreIsRefusedNamingIt() throws Exception {
    Path file = TestData.randomMp4(dir, 100_000, 19);
    String redis = "redis://127.0.0.1:1"; // never reached: the flag is refused first
    List<String> noTime = args("--lease", "soon", file.toString());
    noTime.set(noTime.indexOf("--store") + 1, redis);
    List<String> tooShort = args("--lease", "1s", file.toString());
    tooShort.set(tooShort.indexOf("--store") + 1, redis);

    Cli.Run a = cli.run(noTime.toArray(String[]::new));
    Cli.Run b = cli.run(tooShort.toArray(String[]::new));
    Cli.Run c = cli.run(args("--lease", "30s", file.toString()).toArray(String[]::new));

    assertThat(a.exitCode()).isEqualTo(2);
    assertThat(a.err())
        .contains(
            "Invalid value for option '--lease': a time such as 30s or 2m is needed; got 'soon'");
    assertThat(b.exitCode()).isEqualTo(2);
    assertThat(b.err()).contains("'--lease': 1s is too short");
    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("--lease is for a Redis store");
    assertThat(emulator.sessions()).as("nothing was sent").isEmpty();
  }

  private void assertUsageError(Cli.Run run, int code, String expected) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(code);
    // the first line but the warning a --token on the command line earns
    assertThat(run.err().lines().filter(l -> !l.startsWith("graph-upload: warning:")).findFirst())
        .get()
        .asString()
        .startsWith("graph-upload: ")
        .contains(expected);
    assertNoSecretsOrStackTraces(run);
  }

  @Test
  void namesEachBadInputWithItsExitCode() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.mp4"));
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
    Path png = Files.move(TestData.randomMp4(dir, 1_000, 11), dir.resolve("really-a-video.png"));

    assertUsageError(
        cli.run(args(dir.resolve("nope.mp4").toString()).toArray(String[]::new)),
        2,
        "does not exist");
    assertUsageError(cli.run(args(dir.toString()).toArray(String[]::new)), 2, "is a directory");
    assertUsageError(cli.run(args(empty.toString()).toArray(String[]::new)), 2, "is empty");
    assertUsageError(cli.run(args(text.toString()).toArray(String[]::new)), 2, "extension");
    assertUsageError(
        cli.run(args(png.toString()).toArray(String[]::new)),
        2,
        "extension says image/png but its content is video/mp4");
    assertUsageError(cli.run("upload", "--bogus", png.toString()), 2, "Unknown option");
    assertUsageError(
        cli.run(
            "upload",
            "--base-url",
            "ftp://graph",
            "--token",
            TOKEN,
            "--app-id",
            "1",
            png.toString()),
        2,
        "--base-url");
    assertUsageError(
        cli.run(
            "upload",
            "--base-url",
            "http://graph.example.com",
            "--token",
            TOKEN,
            "--app-id",
            "1",
            png.toString()),
        2,
        "unencrypted");
    assertUsageError(
        cli.run(
            "upload",
            "--base-url",
            "127.0.0.1:38303",
            "--token",
            TOKEN,
            "--app-id",
            "1",
            png.toString()),
        2,
        "has no scheme: write it as https://127.0.0.1:38303");
    assertUsageError(
        cli.run(args("--chunk-size", "1", png.toString()).toArray(String[]::new)),
        2,
        "'--chunk-size': 1 is too small");
    Path store = Files.createDirectory(dir.resolve("project"));
    Files.writeString(store.resolve("package.json"), "{}");
    List<String> intoProject = new ArrayList<>(args(png.toString()));
    intoProject.set(intoProject.indexOf("--store") + 1, store.toString());
    assertUsageError(
        cli.run(intoProject.toArray(String[]::new)), 2, "holds files that are not session records");
    assertThat(store.resolve("package.json")).hasContent("{}");
  }

  @Test
  void takesItsConfigurationFromTheEnvironmentWhenNoFlagIsGiven() throws Exception {
    Path file = TestData.randomMp4(dir, 100_000, 20);
    Path store = dir.resolve("env-store");

    Cli.Run run =
        cli.run(
            Map.of(
                "GRAPH_APP_ID", emulator.appId(),
                "GRAPH_UPLOAD_BASE_URL", emulator.baseUrl().toString(),
                "GRAPH_UPLOAD_STORE", store.toString(),
                "GRAPH_ACCESS_TOKEN", TOKEN),
            "upload",
            "--quiet",
            file.toString());
    Cli.Run badAttempts =
        cli.run(args("--max-attempts", "0", file.toString()).toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(emulator.sha256Of(run.out().strip())).hasValue(TestData.sha256(file));
    assertThat(store.resolve(".graph-upload-store")).exists();
    assertUsageError(badAttempts, 2, "--max-attempts");
  }

  @Test
  void offersHelpExitCodesTheEnvironmentAndCompletion() throws Exception {
    Cli.Run help = cli.run("help");
    Cli.Run uploadHelp = cli.run("help", "upload");
    Cli.Run completion = cli.run("generate-completion");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("upload")
        .contains("Exit codes:")
        .contains("0 done")
        .contains("GRAPH_APP_ID")
        .contains("generate-completion");
    assertThat(uploadHelp.out()).contains("--max-attempts").contains("Exit codes");
    assertThat(completion.exitCode()).isZero();
    assertThat(completion.out()).contains("complete").contains("graph-upload");
  }

  @Test
  void uploadsAFileNamedTwiceOnce() throws Exception {
    Path file = TestData.randomMp4(dir, 200_000, 19);

    Cli.Run run =
        cli.run(
            args("--json", file.toString(), dir.resolve(".").resolve(file.getFileName()).toString())
                .toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).hasSize(1);
    assertThat(emulator.sessions()).hasSize(1);
  }

  @Test
  void givingUpAfterRetriesExitsWith4AndTheNextRunFinishes() throws Exception {
    // README, "Exit codes": 4 gave up after retries
    Path file = TestData.randomMp4(dir, 300_000, 14);
    emulator.faults(FaultSettings.none().withSeed(5).withErrorProbability(1.0));

    Cli.Run gaveUp = cli.run(args("--max-attempts", "2", file.toString()).toArray(String[]::new));

    assertThat(gaveUp.exitCode()).as(gaveUp.err()).isEqualTo(4);
    assertThat(gaveUp.err())
        .contains("Gave up after 2 failed attempts")
        .contains("Run the upload again")
        .doesNotContain("\tat ");

    emulator.faults(FaultSettings.none());
    Cli.Run again = cli.run(args(file.toString()).toArray(String[]::new));
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(emulator.sessions()).hasSize(1);
  }

  @Test
  void aStoreThatCannotBeOpenedStillGivesOneJsonObjectPerFile() throws Exception {
    // README: --json prints one object per file
    Path a = TestData.randomMp4(dir, 1_000, 15);
    Path b = TestData.randomMp4(dir, 1_000, 16);
    Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");

    Cli.Run run =
        cli.run(
            "upload",
            "--json",
            "--base-url",
            emulator.baseUrl().toString(),
            "--app-id",
            emulator.appId(),
            "--token",
            TOKEN,
            "--store",
            notADirectory.resolve("sessions").toString(),
            a.toString(),
            b.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("\"file\":\"" + a + "\"").contains("\"exitCode\":2");
    assertThat(lines.get(1)).contains("\"file\":\"" + b + "\"");
    assertThat(lines).allSatisfy(l -> assertThat(l).contains("Could not open the session store"));
    assertThat(emulator.sessions()).isEmpty();
  }

  @Test
  void aRejectedTokenExitsWith3AndShowsTheGraphCode() throws Exception {
    Path file = TestData.randomMp4(dir, 1_000, 12);
    String wrong = "EAAG-WRONG-TOKEN-987654321";

    Cli.Run run =
        cli.run(
            "upload",
            "--base-url",
            emulator.baseUrl().toString(),
            "--app-id",
            emulator.appId(),
            "--token",
            wrong,
            "--store",
            dir.resolve("s").toString(),
            file.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("code 190").contains("get a new one").doesNotContain(wrong);
  }

  @Test
  void aPortNothingListensOnFailsAtOnceWithAHint() throws Exception {
    Path file = TestData.randomMp4(dir, 1_000, 13);
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }

    Cli.Run run =
        cli.run(
            Map.of("GRAPH_UPLOAD_MAX_ATTEMPTS", "2"),
            "upload",
            "--base-url",
            "http://127.0.0.1:" + port,
            "--app-id",
            "1",
            "--token",
            TOKEN,
            "--store",
            dir.resolve("s").toString(),
            file.toString());

    assertThat(run.exitCode()).as("bad input: the endpoint. " + run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains("connection refused")
        .contains("Nothing listens there")
        .doesNotContain("Gave up");
    assertNoSecretsOrStackTraces(run);
  }

  @Test
  void theEmulatorCommandPrintsExactlyItsStartupLine() throws Exception {
    Cli.Running running =
        cli.start(Map.of(), "emulator", "--port", "0", "--token", "tok", "--app-id", "77");
    assertThat(running.firstLine.get(60, TimeUnit.SECONDS))
        .startsWith("graph-upload emulator listening on");

    running.signal("TERM");
    Cli.Run run = running.await();

    assertThat(run.out().lines().toList())
        .singleElement()
        .asString()
        .matches(
            "graph-upload emulator listening on http://127\\.0\\.0\\.1:[0-9]+ app-id=77 token=tok");
  }

  @Test
  void theEmulatorCommandServesHttpsThatTheUploadCommandTrustsWithItsCaCert() throws Exception {
    Path file = TestData.randomMp4(dir, 1_000_000, 18);
    Cli.Running running =
        cli.start(
            Map.of(),
            "emulator",
            "--port",
            "0",
            "--tls",
            "--token",
            TOKEN,
            "--data",
            dir.resolve("tls-emulator").toString());
    String line = running.firstLine.get(60, TimeUnit.SECONDS);
    Matcher started =
        Pattern.compile(
                "graph-upload emulator listening on (https://127\\.0\\.0\\.1:[0-9]+)"
                    + " app-id=([0-9]+) token=(\\S+) ca-cert=(\\S+)")
            .matcher(line);
    assertThat(started.matches()).as(line).isTrue();

    try {
      for (String transport : List.of("jdk", "netty")) {
        Cli.Run upload =
            cli.run(
                "upload",
                "--base-url",
                started.group(1),
                "--app-id",
                started.group(2),
                "--token",
                started.group(3),
                "--ca-cert",
                started.group(4),
                "--transport",
                transport,
                "--store",
                dir.resolve("tls-cli-" + transport).toString(),
                "--json",
                file.toString());

        assertThat(upload.exitCode()).as(upload.err()).isZero();
        assertThat(JSON.readTree(upload.out()).get("handle").asText()).isNotEmpty();
      }
    } finally {
      running.signal("TERM");
      running.await();
    }
  }
}
