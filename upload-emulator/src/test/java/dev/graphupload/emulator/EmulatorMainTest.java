package dev.graphupload.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorMainTest {

  @TempDir Path data;

  @Test
  void printsExactlyOneStartupLineAndServes() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                EmulatorMain.class.getName(),
                "--port",
                "0",
                "--data",
                data.toString(),
                "--app-id",
                "42",
                "--token",
                "tok-1",
                "--seed",
                "7")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    try {
      String line = out.readLine();

      assertThat(line)
          .matches(
              "graph-upload emulator listening on http://127\\.0\\.0\\.1:[0-9]+ app-id=42 token=tok-1");
      int port = Integer.parseInt(line.replaceAll(".*:([0-9]+) app-id.*", "$1"));
      try (Socket socket = new Socket("127.0.0.1", port)) {
        assertThat(socket.isConnected()).isTrue();
      }
    } finally {
      process.toHandle().destroy(); // SIGTERM, leaving our end of the pipe open
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(out.readLine()).as("nothing after the startup line").isNull();
  }

  @Test
  void boundToEveryAddressItWarnsAndItsAdminApiRefusesACallWithoutItsToken() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                EmulatorMain.class.getName(),
                "--host",
                "0.0.0.0",
                "--port",
                "0",
                "--data",
                data.toString())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    BufferedReader err =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    try {
      String line = out.readLine();
      String warning = err.readLine();

      assertThat(line).matches(".* admin-token=[0-9a-f]{48}");
      assertThat(warning)
          .contains("WARNING")
          .contains("beyond loopback")
          .contains("serves every uploaded file");
      int port = Integer.parseInt(line.replaceAll(".*:([0-9]+) app-id.*", "$1"));
      String token = line.replaceAll(".*admin-token=", "");
      HttpClient http = HttpClient.newHttpClient();
      URI sessions = URI.create("http://127.0.0.1:" + port + "/_emulator/sessions");
      HttpResponse<String> without =
          http.send(HttpRequest.newBuilder(sessions).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> with =
          http.send(
              HttpRequest.newBuilder(sessions).header("X-Emulator-Admin-Token", token).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(with.statusCode()).isEqualTo(200);
    } finally {
      process.toHandle().destroy();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void readsEveryDocumentedOption() {
    GraphEmulatorBuilder builder =
        EmulatorMain.parse(
            new String[] {
              "--host",
              "127.0.0.1",
              "--port",
              "0",
              "--sink",
              "--seed",
              "3",
              "--cut-probability",
              "0.1",
              "--lose-reply-probability",
              "0.2",
              "--error-probability",
              "0.3",
              "--throttle-probability",
              "0.4",
              "--latency",
              "5",
              "--bandwidth",
              "1000",
              "--connection-bandwidth",
              "2000",
              "--cut-after",
              "77",
              "--offset-mismatch",
              "accept-overlap",
              "--partial-reply",
              "206",
              "--concurrent-writers",
              "refuse-newer",
              "--session-lifetime",
              "60"
            });

    try (GraphEmulator emulator = builder.build()) {
      FaultSettings faults = emulator.faults();
      assertThat(faults.seed()).isEqualTo(3);
      assertThat(faults.cutProbability()).isEqualTo(0.1);
      assertThat(faults.loseReplyProbability()).isEqualTo(0.2);
      assertThat(faults.errorProbability()).isEqualTo(0.3);
      assertThat(faults.throttleProbability()).isEqualTo(0.4);
      assertThat(faults.latencyMillis()).isEqualTo(5);
      assertThat(faults.bandwidthBytesPerSecond()).isEqualTo(1000);
      assertThat(emulator.toString()).contains("2000 B/s per connection");
      assertThat(faults.cutAfterBytes()).hasValue(77);
      assertThat(emulator.toString()).contains("sink");
    }
  }

  @Test
  void namesAWrongOptionAndExitsWith2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertThat(EmulatorMain.run(new String[] {"--port", "x"}, System.out, errStream)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--port takes a number")
        .contains("graph-upload emulator --help");
    assertThatThrownBy(() -> EmulatorMain.parse(new String[] {"--bogus", "1"}))
        .hasMessageContaining("unknown option '--bogus'");
    assertThatThrownBy(() -> EmulatorMain.parse(new String[] {"--cut-probability", "2"}))
        .hasMessageContaining("probability");
    assertThatThrownBy(() -> EmulatorMain.parse(new String[] {"--port"}))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> EmulatorMain.parse(new String[] {"--tls-cert", "a.pem"}))
        .hasMessageContaining("--tls-cert and --tls-key go together");
  }

  @Test
  void aHostThatIsNoAddressIsNamedNotPrintedAsNull() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertThat(
            EmulatorMain.run(
                new String[] {"--host", "0.0.0.0.0", "--port", "0"}, System.out, errStream))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("cannot listen on '0.0.0.0.0'")
        .contains("use 127.0.0.1")
        .doesNotContain("null");
  }

  @Test
  void helpDescribesEveryOptionItParses() throws Exception {
    Set<String> parsed = new TreeSet<>();
    Matcher cases =
        Pattern.compile("\"(--[a-z0-9-]+)\"")
            .matcher(
                Files.readString(
                    Path.of("src/main/java/dev/graphupload/emulator/EmulatorMain.java")));
    while (cases.find()) {
      parsed.add(cases.group(1));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(
            EmulatorMain.run(
                new String[] {"--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err))
        .isZero();
    String help = out.toString(StandardCharsets.UTF_8);
    assertThat(parsed).hasSizeGreaterThan(20);
    assertThat(parsed)
        .allSatisfy(option -> assertThat(help).as("--help describes " + option).contains(option));
    assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
  }
}
