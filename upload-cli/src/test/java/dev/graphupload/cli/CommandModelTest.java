package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The models built in code ({@link CommandModel}) put every value where the command reads it, with
 * the defaults, resets and refusals picocli gives an annotated command.
 */
class CommandModelTest {

  private final CommandSpec spec = UploadCommand.model();
  private final CommandLine cli = new CommandLine(spec);
  private final UploadCommand upload = (UploadCommand) spec.userObject();

  @Test
  void everyOptionOfUploadReachesItsField() {
    cli.parseArgs(
        ("--name=clip.mp4 --type video/mp4 --key k1 --max-file-size 32G --chunk-size 8M --json"
                + " --quiet --parallel 5 --no-wait --lease 2m --verify-content --app-id 42"
                + " --token-file t.txt --base-url https://graph.example --api-version v23.0"
                + " --transport netty --store memory --allow-insecure-http --ca-cert ca.pem"
                + " --max-attempts 3 --verbose a.mp4")
            .split(" "));

    assertThat(upload.files).containsExactly(Path.of("a.mp4"));
    assertThat(upload.name).isEqualTo("clip.mp4");
    assertThat(upload.type).isEqualTo("video/mp4");
    assertThat(upload.key).isEqualTo("k1");
    assertThat(upload.maxFileSize).isEqualTo("32G");
    assertThat(upload.chunkSize).isNotNull();
    assertThat(upload.json).isTrue();
    assertThat(upload.quiet).isTrue();
    assertThat(upload.parallel).isEqualTo(5);
    assertThat(upload.noWait).isTrue();
    assertThat(upload.lease).isEqualTo(Duration.ofMinutes(2));
    assertThat(upload.verifyContent).isTrue();
    ConnectionOptions c = upload.connection;
    assertThat(c.appId).isEqualTo("42");
    assertThat(c.tokenFile).isEqualTo("t.txt");
    assertThat(c.baseUrl).isEqualTo("https://graph.example");
    assertThat(c.apiVersion).isEqualTo("v23.0");
    assertThat(c.transport).isEqualTo("netty");
    assertThat(c.store).isEqualTo("memory");
    assertThat(c.allowInsecureHttp).isTrue();
    assertThat(c.caCert).isEqualTo(Path.of("ca.pem"));
    assertThat(c.maxAttempts).isEqualTo("3");
    assertThat(c.verbose).isTrue();
  }

  @Test
  void absentOptionsTakeTheirDefaultsAndFilesKeepTheirOrder() {
    cli.parseArgs("b.mp4", "--quiet", "a.mp4");

    assertThat(upload.files).containsExactly(Path.of("b.mp4"), Path.of("a.mp4"));
    assertThat(upload.parallel).isEqualTo(2);
    assertThat(upload.connection.apiVersion).isEqualTo("v24.0");
    assertThat(upload.connection.transport).isEqualTo("jdk");
    assertThat(upload.json).isFalse();
    assertThat(upload.name).isNull();
    assertThat(upload.chunkSize).isNull();
  }

  @Test
  void aSecondParseStartsFromTheInitialValuesWithoutAWarning() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      cli.parseArgs("--json", "--parallel", "7", "--name", "x.mp4", "a.mp4");
      cli.parseArgs("b.mp4");
    } finally {
      System.setErr(stderr);
    }

    assertThat(upload.json).isFalse();
    assertThat(upload.parallel).isEqualTo(2);
    assertThat(upload.name).isNull();
    assertThat(upload.files).containsExactly(Path.of("b.mp4"));
    assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void refusalsNameTheArgumentAsForAnAnnotatedCommand() {
    assertThatThrownBy(() -> cli.parseArgs("--json"))
        .hasMessage("Missing required parameter: 'FILE'");
    assertThatThrownBy(() -> cli.parseArgs("--parallel", "many", "a.mp4"))
        .hasMessageContaining("Invalid value for option '--parallel': 'many' is not an int");
    assertThatThrownBy(() -> cli.parseArgs("--chunk-size", "1k", "a.mp4"))
        .hasMessageContaining("--chunk-size")
        .hasMessageContaining("at least 16k");
  }

  @Test
  void statusTakesTheSharedConnectionOptionsToo() {
    CommandSpec status = StatusCommand.model();
    new CommandLine(status).parseArgs("--key", "k1", "--store", "memory", "--transport", "netty");

    StatusCommand command = (StatusCommand) status.userObject();
    assertThat(command.key).isEqualTo("k1");
    assertThat(command.connection.store).isEqualTo("memory");
    assertThat(command.connection.transport).isEqualTo("netty");
    assertThat(status.optionsMap()).containsKeys("--help", "--version", "--token-file");
  }
}
