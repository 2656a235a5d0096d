package dev.graphupload.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadRequest;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.emulator.ScriptedFault;
import dev.graphupload.testkit.TestData;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real uploads to the emulator, through faults, counted in a SimpleMeterRegistry. */
class GraphUploadMetricsTest {

  private static final String TOKEN = "EAAG-METRICS-TEST-TOKEN-0123456789";

  @TempDir Path dir;
  private GraphEmulator emulator;
  private JdkHttpTransport transport;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    emulator = GraphEmulator.builder().tokens(TOKEN).build();
    transport = JdkHttpTransport.create();
  }

  @AfterEach
  void stop() {
    transport.close();
    emulator.close();
  }

  private GraphUploader uploader(String appId) {
    return GraphUploader.builder()
        .endpoint(emulator.baseUrl())
        .appId(AppId.of(appId))
        .accessToken(AccessToken.of(TOKEN))
        .transport(transport)
        .store(new InMemorySessionStore())
        .chunkPolicy(ChunkPolicy.fixed(256 * 1024))
        .retryPolicy(
            RetryPolicy.custom()
                .maxAttempts(30)
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(20))
                .throttleInitialBackoff(Duration.ofMillis(1))
                .throttleMaxBackoff(Duration.ofMillis(20))
                .build())
        .addListenerFactory(GraphUploadMetrics.of(registry, Tag.of("service", "test")))
        .build();
  }

  private double count(String name, String... tags) {
    return registry.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void countsUploadsBytesRetriesAndDurationsThroughFaults() throws Exception {
    emulator.faults(
        FaultSettings.none()
            .withSeed(11)
            .withCutProbability(0.3)
            .withErrorProbability(0.2)
            .withThrottleProbability(0.1));
    List<Path> files = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < 4; i++) {
      files.add(TestData.randomMp4(dir, 1_000_000 + i * 100_000, i));
      total += 1_000_000 + i * 100_000;
    }
    long sent = 0;
    try (GraphUploader uploader = uploader(emulator.appId())) {
      for (Path f : files) {
        UploadResult r = uploader.upload(f);
        sent += r.bytesSent();
      }
      UploadResult again = uploader.upload(files.get(0));
      assertThat(again.outcome()).isEqualTo(UploadResult.Outcome.ALREADY_UPLOADED);
    }

    assertThat(count("graph.upload.started")).isEqualTo(5);
    assertThat(count("graph.upload.completed", "outcome", "uploaded")).isEqualTo(4);
    assertThat(count("graph.upload.completed", "outcome", "already_uploaded")).isEqualTo(1);
    assertThat(count("graph.upload.bytes.confirmed")).isEqualTo(total);
    assertThat(count("graph.upload.bytes.sent")).isEqualTo(sent);
    assertThat(count("graph.upload.bytes.resent")).isEqualTo(sent - total);
    assertThat(count("graph.upload.bytes.written"))
        .as("every byte written, as the results count them")
        .isEqualTo(sent);
    assertThat(count("graph.upload.retries")).as("the faults cost retries").isPositive();
    assertThat(registry.get("graph.upload.duration").tag("outcome", "uploaded").timer().count())
        .isEqualTo(4);
    assertThat(registry.get("graph.upload.active").gauge().value()).isZero();
    assertThat(registry.getMeters())
        .allSatisfy(m -> assertThat(m.getId().getTag("service")).isEqualTo("test"));
    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        assertThat(tag.getValue())
            .as("no file name, session or token in a tag of " + meter.getId())
            .doesNotContain("random-")
            .doesNotContain("upload:")
            .doesNotContain(TOKEN);
      }
    }
  }

  @Test
  void timesThrottleWaitsAndCountsSessionRestartsByReason() throws Exception {
    // README, "Metrics": throttle.wait (timer); session.restarts (reason)
    Path throttled = TestData.randomMp4(dir, 600_000, 12);
    Path expiring = TestData.randomMp4(dir, 600_000, 13);
    emulator.enqueue(
        ScriptedFault.Request.SEND,
        new ScriptedFault.Error(400, 4, null, "Application request limit reached"));
    try (GraphUploader uploader = uploader(emulator.appId())) {
      uploader.upload(throttled);
      AtomicBoolean expired = new AtomicBoolean();
      String[] session = new String[1];
      uploader.upload(
          expiring,
          new UploadListener() {
            @Override
            public void sessionCreated(SessionId id) {
              session[0] = id.value();
            }

            @Override
            public void bytesConfirmed(FileOffset offset, long length) {
              if (offset.value() > 0 && expired.compareAndSet(false, true)) {
                assertThat(emulator.expireSession(session[0])).isTrue();
              }
            }
          });
      assertThat(expired).isTrue();
    }

    Timer waits = registry.get("graph.upload.throttle.wait").timer();
    assertThat(waits.count()).as("one wait for the one throttled send").isEqualTo(1);
    assertThat(count("graph.upload.retries", "reason", "throttled")).isEqualTo(1);
    assertThat(count("graph.upload.session.restarts", "reason", "session_expired")).isEqualTo(1);
    assertThat(count("graph.upload.session.restarts")).isEqualTo(1);
  }

  @Test
  void countsAFailureByKindAndException() throws Exception {
    Path file = TestData.randomMp4(dir, 100_000, 9);
    try (GraphUploader uploader = uploader("7")) {
      assertThatThrownBy(() -> uploader.upload(file)).hasMessageContaining("'7'");
    }

    assertThat(count("graph.upload.failed", "exception", "GraphApiException")).isEqualTo(1);
    assertThat(registry.get("graph.upload.duration").tag("outcome", "failed").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("graph.upload.active").gauge().value()).isZero();
  }

  @Test
  void aFailedUploadsBytesOnTheWireAreCountedThoughNoneIsSent() throws Exception {
    emulator.faults(FaultSettings.none().withSeed(3).withCutProbability(1.0));
    Path file = TestData.randomMp4(dir, 2_000_000, 4);
    try (GraphUploader uploader =
        GraphUploader.builder()
            .endpoint(emulator.baseUrl())
            .appId(AppId.of(emulator.appId()))
            .accessToken(AccessToken.of(TOKEN))
            .transport(transport)
            .store(new InMemorySessionStore())
            .retryPolicy(
                RetryPolicy.custom().maxAttempts(2).initialBackoff(Duration.ofMillis(1)).build())
            .addListenerFactory(GraphUploadMetrics.of(registry))
            .build()) {
      assertThatThrownBy(() -> uploader.upload(file));
    }

    assertThat(count("graph.upload.failed")).isEqualTo(1);
    assertThat(count("graph.upload.bytes.sent")).as("counts completed uploads only").isZero();
    assertThat(count("graph.upload.bytes.written")).isPositive();
  }

  @Test
  void bindingTwiceToOneRegistryRegistersOnce() {
    AtomicInteger registrations = new AtomicInteger();
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                if (id.getName().equals("graph.upload.active")) {
                  registrations.incrementAndGet();
                }
                return id;
              }
            });
    GraphUploadMetrics metrics = GraphUploadMetrics.of(registry);
    metrics.bindTo(registry); // as Spring Boot does with every MeterBinder bean
    assertThat(registrations).hasValue(1);
  }

  @Test
  void anUnboundBinderCountsNothingUntilBound() {
    GraphUploadMetrics metrics = GraphUploadMetrics.unbound();
    assertThat(metrics.create(UploadRequest.of(dir))).isSameAs(UploadListener.NONE);
    metrics.bindTo(registry);
    assertThat(metrics.create(UploadRequest.of(dir))).isNotSameAs(UploadListener.NONE);
    assertThat(registry.find("graph.upload.active").gauge()).isNotNull();
  }
}
