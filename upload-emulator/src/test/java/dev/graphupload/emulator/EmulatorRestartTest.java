package dev.graphupload.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", emulator.port())) {
      socket.setSoTimeout(5_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(
          "GET /_emulator/faults HTTP/1.1\r\nHost: x\r\n\r\n"
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      java.io.InputStream in = socket.getInputStream();
      byte[] head = new byte[12];
      assertThat(in.readNBytes(head, 0, 12)).isEqualTo(12);
      assertThat(new String(head, java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("HTTP/1.1 200");

      emulator.close();

      // the rest of the reply, then the end of the stream (or a reset), well before the timeout
      long began = System.nanoTime();
      try {
        while (in.read() >= 0) {
          // drain
        }
      } catch (java.net.SocketException reset) {
        // also an end
      }
      assertThat(System.nanoTime() - began).isLessThan(java.time.Duration.ofSeconds(4).toNanos());
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
      assertThat(java.nio.file.Files.getPosixFilePermissions(emulator.dataDirectory()))
          .containsExactlyInAnyOrder(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
              java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
    }
  }
}
