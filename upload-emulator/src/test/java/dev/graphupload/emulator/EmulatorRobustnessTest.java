package dev.graphupload.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmulatorRobustnessTest {

  @RegisterExtension
  static final GraphEmulatorExtension EMULATOR =
      GraphEmulatorExtension.configured(b -> b.idleTimeout(Duration.ofMillis(500)));

  /** Sends raw bytes and returns whatever comes back before the server closes or 5 s pass. */
  private static String raw(byte[] request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", EMULATOR.emulator().port())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      try {
        in.transferTo(reply);
      } catch (SocketTimeoutException | SocketException ended) {
        // what arrived is what we check
      }
      return reply.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static void stillServes() {
    assertThat(new TestHttp(EMULATOR.emulator()).create("a.mp4", 10, "video/mp4").status())
        .isEqualTo(200);
  }

  @Test
  void answersAMalformedRequestWithAGraphError() throws Exception {
    String reply = raw("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(reply).startsWith("HTTP/1.1 400").contains("\"code\":100");
    stillServes();
  }

  @Test
  void refusesHugeHeaders() throws Exception {
    String big = "x".repeat(64 * 1024);
    String reply =
        raw(
            ("GET /v24.0/upload:abc HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));

    assertThat(reply).startsWith("HTTP/1.1 400");
    stillServes();
  }

  @Test
  void closesASilentConnection() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", EMULATOR.emulator().port())) {
      socket.setSoTimeout(5_000);
      long start = System.nanoTime();
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void survivesRandomGarbage() throws Exception {
    Random random = new Random(99);
    for (int i = 0; i < 50; i++) {
      byte[] garbage = new byte[random.nextInt(2_000)];
      random.nextBytes(garbage);
      if (i % 2 == 0) {
        byte[] prefix =
            "POST /v24.0/upload:x?sig=y HTTP/1.1\r\nContent-Length: 5\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] both = new byte[prefix.length + garbage.length];
        System.arraycopy(prefix, 0, both, 0, prefix.length);
        System.arraycopy(garbage, 0, both, prefix.length, garbage.length);
        garbage = both;
      }
      raw(garbage);
    }
    stillServes();
  }

  @Test
  void refusesNonNumericNumbers() throws Exception {
    String reply =
        raw(
            ("POST /v24.0/"
                    + EMULATOR.emulator().appId()
                    + "/uploads?file_name=a&file_length=1e9&file_type=video/mp4 HTTP/1.1\r\n"
                    + "Host: x\r\nAuthorization: OAuth "
                    + EMULATOR.emulator().token()
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));

    assertThat(reply).startsWith("HTTP/1.1 400").contains("file_length");
  }
}
