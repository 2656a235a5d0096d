package dev.graphupload.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorRestartTest {

  @TempDir Path data;

  @Test
  void closingDropsEveryOpenConnection() throws Exception {
    // A client holding a keep-alive connection must see it end when the emulator stops, not wait
    // on a socket nobody reads any more.
    GraphEmulator emulator = GraphEmulator.builder().dataDirectory(data).build();
    try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /_emulator/faults HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] head = new byte[12];
      assertThat(in.readNBytes(head, 0, 12)).isEqualTo(12);
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");

      emulator.close();

      // the rest of the reply, then the end of the stream (or a reset), well before the timeout
      long began = System.nanoTime();
      try {
        while (in.read() >= 0) {
          // drain
        }
      } catch (SocketException reset) {
        // also an end
      }
      assertThat(System.nanoTime() - began).isLessThan(Duration.ofSeconds(4).toNanos());
    }
  }

  @Test
  void finishesAnUploadStartedBeforeARestart() {
    byte[] bytes = TestHttp.randomBytes(200_000, 7);
    String id;
    try (GraphEmulator first = GraphEmulator.builder().dataDirectory(data).build()) {
      TestHttp http = new TestHttp(first);
      id = http.createSession(bytes.length);
      http.post(id, 0, Arrays.copyOf(bytes, 80_000));
    }

    try (GraphEmulator second = GraphEmulator.builder().dataDirectory(data).build()) {
      TestHttp http = new TestHttp(second);
      assertThat(http.offset(id).json().get("file_offset").asLong()).isEqualTo(80_000);

      String handle =
          http.post(id, 80_000, Arrays.copyOfRange(bytes, 80_000, bytes.length))
              .json()
              .get("h")
              .asText();

      assertThat(
              http.admin("files?handle=" + TestHttp.encode(handle)).json().get("sha256").asText())
          .isEqualTo(TestHttp.sha256(bytes));
    }
    try (GraphEmulator third = GraphEmulator.builder().dataDirectory(data).build()) {
      assertThat(
              new TestHttp(third)
                  .admin("sessions")
                  .json()
                  .get("sessions")
                  .get(0)
                  .get("complete")
                  .asBoolean())
          .isTrue();
    }
  }

  @Test
  void keepsTheDataDirectoryPrivate() throws Exception {
    try (GraphEmulator emulator =
        GraphEmulator.builder().dataDirectory(data.resolve("d")).build()) {
      new TestHttp(emulator).createSession(10);
      assertThat(Files.getPosixFilePermissions(emulator.dataDirectory()))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE);
    }
  }
}
