package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.transport.HttpTransport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code --http2} picks HTTP/2 on the JDK transport, and is refused with the Netty one. */
class Http2OptionTest {

  private static ConnectionOptions options(String... args) {
    CommandSpec upload = UploadCommand.model();
    new CommandLine(upload).parseArgs(args);
    return ((UploadCommand) upload.userObject()).connection;
  }

  @Test
  void theJdkTransportSpeaksHttp2WithTheFlagAndHttp11WithoutIt() {
    try (HttpTransport h2 = Connection.transport(options("--http2", "f.mp4"));
        HttpTransport h1 = Connection.transport(options("f.mp4"))) {
      assertThat(h2.toString()).contains("HTTP_2");
      assertThat(h1.toString()).contains("HTTP_1_1");
    }
  }

  @Test
  void withTheNettyTransportItIsABadUsageThatSaysWhatToDo() {
    ConnectionOptions netty =
        options("--http2", "--transport", "netty", "--base-url", "https://example.com", "f.mp4");
    PrintStream notices =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> netty.connect(null, notices))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--http2 is the jdk transport's")
        .hasMessageContaining("--transport jdk");
  }
}
