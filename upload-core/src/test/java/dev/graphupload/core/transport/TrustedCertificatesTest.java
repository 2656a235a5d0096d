package dev.graphupload.core.transport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedCertificatesTest {

  @TempDir Path dir;

  @Test
  void aMissingFileIsSaidNotToExist() {
    Path missing = dir.resolve("certs/nope.pem");

    assertThatThrownBy(() -> TrustedCertificates.trustManagers(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "The certificate file "
                + missing
                + " does not exist; give the PEM file of the CA to"
                + " trust");
  }

  @Test
  void aFileWithoutCertificatesIsNamed() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");

    assertThatThrownBy(() -> TrustedCertificates.trustManagers(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(empty.toString());
  }
}
