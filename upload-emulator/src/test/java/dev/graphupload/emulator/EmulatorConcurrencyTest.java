package dev.graphupload.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EmulatorConcurrencyTest {

  @Test
  void manyClientsOnManySessionsAtOnce() throws Exception {
    try (GraphEmulator emulator = GraphEmulator.builder().build()) {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        int seed = i;
        results.add(
            pool.submit(
                () -> {
                  TestHttp http = new TestHttp(emulator);
                  byte[] bytes = TestHttp.randomBytes(20_000 + seed * 100, seed);
                  String id = http.createSession(bytes.length);
                  http.post(id, 0, Arrays.copyOf(bytes, 7_000));
                  String handle =
                      http.post(id, 7_000, Arrays.copyOfRange(bytes, 7_000, bytes.length))
                          .json()
                          .get("h")
                          .asText();
                  return http.admin("files?handle=" + TestHttp.encode(handle))
                      .json()
                      .get("sha256")
                      .asText()
                      .equals(TestHttp.sha256(bytes));
                }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
      }
      pool.shutdown();
    }
  }

  /** Opens a send by hand and writes only part of its body, leaving the request stalled. */
  private static Socket stalledSend(GraphEmulator emulator, String id, int declared, byte[] part)
      throws Exception {
    Socket socket = new Socket("127.0.0.1", emulator.port());
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /v24.0/"
                + id
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth "
                + emulator.token()
                + "\r\nfile_offset: 0\r\nContent-Length: "
                + declared
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(part);
    out.flush();
    return socket;
  }

  private static void awaitOffset(TestHttp http, String id, long expected)
      throws InterruptedException {
    for (int i = 0;
        i < 1_000 && http.offset(id).json().get("file_offset").asLong() != expected;
        i++) {
      Thread.sleep(10);
    }
    assertThat(http.offset(id).json().get("file_offset").asLong()).isEqualTo(expected);
  }

  @Test
  void aNewerSendTakesOverFromAStalledOne() throws Exception {
    try (GraphEmulator emulator = GraphEmulator.builder().build()) {
      TestHttp http = new TestHttp(emulator);
      byte[] bytes = TestHttp.randomBytes(10_000, 11);
      String id = http.createSession(bytes.length);
      try (Socket stalled = stalledSend(emulator, id, bytes.length, Arrays.copyOf(bytes, 4_000))) {
        awaitOffset(http, id, 4_000);

        String handle =
            http.post(id, 4_000, Arrays.copyOfRange(bytes, 4_000, bytes.length))
                .json()
                .get("h")
                .asText();

        InputStream in = stalled.getInputStream();
        stalled.setSoTimeout(5_000);
        assertThat(in.read()).isEqualTo(-1); // the older connection was closed
        assertThat(
                http.admin("files?handle=" + TestHttp.encode(handle)).json().get("sha256").asText())
            .isEqualTo(TestHttp.sha256(bytes));
      }
    }
  }

  @Test
  void refusesTheNewerSendWhenConfiguredAndKeepsTheOlderOne() throws Exception {
    try (GraphEmulator emulator =
        GraphEmulator.builder().concurrentWriters(ConcurrentWriters.REFUSE_NEWER).build()) {
      TestHttp http = new TestHttp(emulator);
      byte[] bytes = TestHttp.randomBytes(10_000, 12);
      String id = http.createSession(bytes.length);
      try (Socket stalled = stalledSend(emulator, id, bytes.length, Arrays.copyOf(bytes, 4_000))) {
        awaitOffset(http, id, 4_000);

        TestHttp.Reply refused =
            http.post(id, 4_000, Arrays.copyOfRange(bytes, 4_000, bytes.length));

        assertThat(refused.error().get("code").asInt()).isEqualTo(2);
        assertThat(refused.error().get("is_transient").asBoolean()).isTrue();
        stalled.getOutputStream().write(Arrays.copyOfRange(bytes, 4_000, bytes.length));
        stalled.getOutputStream().flush();
        awaitOffset(http, id, 10_000);
      }
    }
  }
}
