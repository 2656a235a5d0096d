package dev.graphupload.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadRequest;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.testkit.TestData;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphUploadObservationsTest {

  private static final String TOKEN = "EAAG-OBSERVATION-TEST-TOKEN-0123456789";

  @TempDir Path dir;

  /** Every observation stopped, with the events it saw. */
  private static final class Recorder implements ObservationHandler<Observation.Context> {
    final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(Observation.Event event, Observation.Context context) {
      events.add(event.getName());
    }

    @Override
    public void onStop(Observation.Context context) {
      stopped.add(context);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }

  private static GraphUploader uploader(GraphEmulator emulator, ObservationRegistry registry) {
    return GraphUploader.builder()
        .endpoint(emulator.baseUrl())
        .appId(AppId.of(emulator.appId()))
        .accessToken(AccessToken.of(TOKEN))
        .transport(JdkHttpTransport.create())
        .store(new InMemorySessionStore())
        .retryPolicy(
            RetryPolicy.custom().maxAttempts(3).initialBackoff(Duration.ofMillis(1)).build())
        .addListenerFactory(GraphUploadObservations.of(registry))
        .build();
  }

  @Test
  void oneObservationPerUploadWithItsOutcomeAndLowCardinalityValuesOnly() throws Exception {
    ObservationRegistry registry = ObservationRegistry.create();
    Recorder recorder = new Recorder();
    registry.observationConfig().observationHandler(recorder);
    Path file = TestData.randomMp4(dir, 300_000, 1);
    try (GraphEmulator emulator = GraphEmulator.builder().tokens(TOKEN).build();
        GraphUploader uploader = uploader(emulator, registry)) {
      uploader.upload(file);
      emulator.faults(FaultSettings.none().withSeed(1).withErrorProbability(1.0));
      Path other = TestData.randomMp4(dir, 200_000, 2);
      assertThatThrownBy(() -> uploader.upload(other));
    }

    assertThat(recorder.stopped).hasSize(2);
    assertThat(recorder.stopped)
        .allSatisfy(c -> assertThat(c.getName()).isEqualTo(GraphUploadObservations.NAME));
    assertThat(values(recorder.stopped.get(0))).isEqualTo("outcome=uploaded");
    assertThat(values(recorder.stopped.get(1))).isEqualTo("kind=transient,outcome=failed");
    assertThat(recorder.stopped.get(1).getError()).isNotNull();
    assertThat(recorder.stopped.get(0).getHighCardinalityKeyValues()).isEmpty();
    assertThat(recorder.events).contains("graph.upload.run.retrying.transient");
  }

  @Test
  void aNoopRegistryCostsNothing() {
    assertThat(GraphUploadObservations.of(ObservationRegistry.NOOP).create(UploadRequest.of(dir)))
        .isSameAs(UploadListener.NONE);
  }

  private static String values(Observation.Context context) {
    return context.getLowCardinalityKeyValues().stream()
        .map(kv -> kv.getKey() + "=" + kv.getValue())
        .sorted()
        .collect(Collectors.joining(","));
  }
}
