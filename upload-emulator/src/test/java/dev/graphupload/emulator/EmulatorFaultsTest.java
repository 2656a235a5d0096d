package dev.graphupload.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmulatorFaultsTest {

  private GraphEmulator emulator;

  private TestHttp start(GraphEmulatorBuilder builder) {
    emulator = builder.build();
    return new TestHttp(emulator);
  }

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void aCutConnectionKeepsWhatArrivedAndTheOffsetSaysSo() {
    TestHttp http =
        start(GraphEmulator.builder().faults(FaultSettings.none().withCutAfterBytes(100_000)));
    byte[] bytes = TestHttp.randomBytes(300_000, 3);
    String id = http.createSession(bytes.length);

    assertThatThrownBy(() -> http.post(id, 0, bytes)).isInstanceOf(UncheckedIOException.class);

    assertThat(http.offset(id).json().get("file_offset").asLong()).isEqualTo(100_000);
    emulator.faults(FaultSettings.none());
    String handle =
        http.post(id, 100_000, Arrays.copyOfRange(bytes, 100_000, 300_000))
            .json()
            .get("h")
            .asText();
    assertThat(http.admin("files?handle=" + TestHttp.encode(handle)).json().get("sha256").asText())
        .isEqualTo(TestHttp.sha256(bytes));
  }

  @Test
  void aLostReplyStillCommitsTheBytes() {
    TestHttp http =
        start(GraphEmulator.builder().faults(FaultSettings.none().withLoseReplyProbability(1)));
    String id = http.createSession(1_000);

    assertThatThrownBy(() -> http.post(id, 0, new byte[1_000]))
        .isInstanceOf(UncheckedIOException.class);

    assertThat(http.offset(id).json().get("file_offset").asLong()).isEqualTo(1_000);
  }

  @Test
  void injectsTransientErrors() {
    TestHttp http =
        start(GraphEmulator.builder().faults(FaultSettings.none().withErrorProbability(1)));

    TestHttp.Reply reply = http.create("a.mp4", 10, "video/mp4");

    assertThat(reply.status()).isIn(500, 503);
    assertThat(reply.error().get("code").asInt()).isIn(1, 2);
    assertThat(reply.error().get("is_transient").asBoolean()).isTrue();
  }

  @Test
  void injectsThrottlingWithARetryHint() {
    TestHttp http =
        start(
            GraphEmulator.builder()
                .faults(
                    FaultSettings.none()
                        .withThrottleProbability(1)
                        .withThrottleRetryAfterSeconds(7)));

    TestHttp.Reply reply = http.create("a.mp4", 10, "video/mp4");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error().get("code").asInt()).isIn(4, 17, 613);
    assertThat(reply.headers().firstValue("Retry-After")).contains("7");
  }

  @Test
  void theSameSeedInjectsTheSameFaults() {
    TestHttp http = start(GraphEmulator.builder());
    List<List<Integer>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      emulator.faults(FaultSettings.none().withSeed(1234).withErrorProbability(0.5));
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        statuses.add(http.create("a.mp4", 10, "video/mp4").status());
      }
      runs.add(statuses);
    }

    assertThat(runs.get(0)).isEqualTo(runs.get(1)).contains(200).containsAnyOf(500, 503);
  }

  @Test
  void addsLatencyBeforeEveryReply() {
    TestHttp http =
        start(GraphEmulator.builder().faults(FaultSettings.none().withLatencyMillis(300)));

    long start = System.nanoTime();
    http.create("a.mp4", 10, "video/mp4");

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void capsTheBandwidth() {
    TestHttp http =
        start(GraphEmulator.builder().faults(FaultSettings.none().withBandwidth(1_000_000)));
    String id = http.createSession(1_500_000);

    long start = System.nanoTime();
    assertThat(http.post(id, 0, new byte[1_500_000]).status()).isEqualTo(200);

    // 1.5 MB at 1 MB/s: at least about a second, whatever the machine
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(900));
  }

  @Test
  void capsEachConnectionsBandwidth() {
    TestHttp http = start(GraphEmulator.builder().connectionBandwidth(1_000_000));
    String id = http.createSession(1_500_000);

    long start = System.nanoTime();
    assertThat(http.post(id, 0, new byte[1_500_000]).status()).isEqualTo(200);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(900));
    assertThatThrownBy(() -> GraphEmulator.builder().connectionBandwidth(-1))
        .hasMessageContaining("negative");
  }

  @Test
  void changesFaultsAtRunTimeThroughTheAdminApi() {
    TestHttp http = start(GraphEmulator.builder());

    TestHttp.Reply changed = http.adminPost("faults", "{\"errorProbability\":1,\"seed\":9}");

    assertThat(changed.json().get("errorProbability").asDouble()).isEqualTo(1.0);
    assertThat(http.admin("faults").json().get("seed").asLong()).isEqualTo(9);
    assertThat(http.create("a.mp4", 10, "video/mp4").status()).isIn(500, 503);
    assertThat(http.adminPost("faults", "{\"errorProbability\":2}").status()).isEqualTo(400);
    assertThat(http.adminPost("faults", "{\"nonsense\":1}").status()).isEqualTo(400);
    http.adminPost("reset", "");
    assertThat(http.create("a.mp4", 10, "video/mp4").status()).isEqualTo(200);
  }

  @Test
  void expiresATokenWithSubcode463() {
    TestHttp http = start(GraphEmulator.builder().tokens("first-token", "second-token"));
    String id = http.createSession(10);

    assertThat(http.adminPost("tokens/expire?token=first-token", "").status()).isEqualTo(200);

    TestHttp.Reply reply = http.offset(id);
    assertThat(reply.error().get("code").asInt()).isEqualTo(190);
    assertThat(reply.error().get("error_subcode").asInt()).isEqualTo(463);
  }

  @Test
  void sessionsExpireAfterTheirLifetime() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    TestHttp http =
        start(GraphEmulator.builder().clock(clock).sessionLifetime(Duration.ofMillis(300)));
    String id = http.createSession(10);
    assertThat(http.offset(id).json().get("file_offset").asLong()).isZero();

    now.set(now.get().plusMillis(301));

    assertThat(http.offset(id).error().get("error_subcode").asInt()).isEqualTo(33);
  }

  @Test
  void theSinkCountsBytesAndKeepsNone() {
    TestHttp http = start(GraphEmulator.builder().sink(true));
    String id = http.createSession(5_000);
    http.post(id, 0, new byte[2_000]);

    String handle = http.post(id, 2_000, new byte[3_000]).json().get("h").asText();

    assertThat(http.admin("files?handle=" + TestHttp.encode(handle)).json().get("sha256").isNull())
        .isTrue();
    assertThat(http.admin("files?handle=" + TestHttp.encode(handle)).json().get("length").asLong())
        .isEqualTo(5_000);
    assertThat(http.admin("files/bytes?handle=" + TestHttp.encode(handle)).status()).isEqualTo(400);
  }

  @Test
  void answersEveryPartialReplyMode() {
    for (PartialReply mode : PartialReply.values()) {
      TestHttp http = start(GraphEmulator.builder().partialReply(mode));
      String id = http.createSession(100);

      TestHttp.Reply reply = http.post(id, 0, new byte[40]);

      switch (mode) {
        case OFFSET_JSON -> assertThat(reply.json().get("file_offset").asLong()).isEqualTo(40);
        case EMPTY_BODY -> assertThat(reply.body()).isEmpty();
        case STATUS_206 -> assertThat(reply.status()).isEqualTo(206);
      }
      assertThat(http.offset(id).json().get("file_offset").asLong()).isEqualTo(40);
      emulator.close();
      emulator = null;
    }
  }

  @Test
  void acceptsAnOverlappingResendWhenConfigured() {
    TestHttp http = start(GraphEmulator.builder().offsetMismatch(OffsetMismatch.ACCEPT_OVERLAP));
    byte[] bytes = TestHttp.randomBytes(100, 5);
    String id = http.createSession(100);
    http.post(id, 0, Arrays.copyOf(bytes, 60));

    TestHttp.Reply overlap = http.post(id, 40, Arrays.copyOfRange(bytes, 40, 100));
    String handle = overlap.json().get("h").asText();

    assertThat(http.admin("files?handle=" + TestHttp.encode(handle)).json().get("sha256").asText())
        .isEqualTo(TestHttp.sha256(bytes));
    String other = http.createSession(100);
    http.post(other, 0, Arrays.copyOf(bytes, 60));
    byte[] different = Arrays.copyOfRange(bytes, 40, 100);
    different[0] ^= 1;
    assertThat(http.post(other, 40, different).error().get("message").asText()).contains("differ");
    assertThat(http.post(other, 70, new byte[30]).error().get("error_subcode").asInt())
        .isEqualTo(1363037);
  }

  private static long openFilesUnder(Path dir) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).startsWith(dir);
                } catch (IOException | UnsupportedOperationException gone) {
                  return false;
                }
              })
          .count();
    }
  }

  @Test
  void cutsAtRandomPointsAndLeaksNoFileHandle() throws Exception {
    TestHttp http =
        start(
            GraphEmulator.builder().faults(FaultSettings.none().withSeed(5).withCutProbability(1)));
    byte[] bytes = TestHttp.randomBytes(200_000, 8);
    List<Long> offsets = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = http.createSession(bytes.length);
      try {
        http.post(id, 0, bytes);
      } catch (UncheckedIOException cut) {
        // expected: the connection was cut
      }
      offsets.add(http.offset(id).json().get("file_offset").asLong());
    }

    assertThat(offsets).allSatisfy(o -> assertThat(o).isBetween(0L, 199_999L));
    assertThat(offsets.stream().distinct().count()).isGreaterThan(5);
    long open = 0;
    for (int i = 0; i < 100 && (open = openFilesUnder(emulator.dataDirectory())) > 0; i++) {
      Thread.sleep(20);
    }
    assertThat(open).as("files of the data directory still open").isZero();
  }
}
