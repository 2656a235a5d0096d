package dev.graphupload.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorRestartTest {

  @TempDir Path data;

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
