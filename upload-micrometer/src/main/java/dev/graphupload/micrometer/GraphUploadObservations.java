package dev.graphupload.micrometer;

import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.RestartReason;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadRequest;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.UploadSubject;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One Micrometer {@link Observation} per upload, named {@value #NAME}: with a tracing bridge it is
 * a span, with a meter handler a timer ({@code graph.upload.run}) and a long-task timer. Its
 * key-values are low-cardinality only — {@code outcome} (uploaded, resumed, already_uploaded,
 * failed) and, for a failure, {@code kind} — never a file name, session id, key or token; retries
 * and new sessions are events on it. Register it with {@code
 * GraphUploader.builder().addListenerFactory(GraphUploadObservations.of(registry))}.
 *
 * <p>The observation is not put in scope on the uploader's threads: an upload runs across several.
 */
public final class GraphUploadObservations implements UploadListener.Factory {

  /** The observation's name. */
  public static final String NAME = "graph.upload.run";

  private final ObservationRegistry registry;

  private GraphUploadObservations(ObservationRegistry registry) {
    this.registry = registry;
  }

  /**
   * Observations in {@code registry}.
   *
   * @param registry the registry (a no-op one observes nothing)
   * @return the factory, to pass to {@code addListenerFactory}
   */
  public static GraphUploadObservations of(ObservationRegistry registry) {
    return new GraphUploadObservations(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public UploadListener create(UploadRequest request) {
    return registry.isNoop() ? UploadListener.NONE : new OneUpload();
  }

  @Override
  public String toString() {
    return "GraphUploadObservations[" + NAME + "]";
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The observation of one upload. */
  private final class OneUpload implements UploadListener {
    private Observation observation;

    @Override
    public void started(UploadSubject upload) {
      observation =
          Observation.createNotStarted(NAME, registry).contextualName("graph upload").start();
    }

    @Override
    public void sessionCreated(SessionId sessionId) {
      event("session.created");
    }

    @Override
    public void resumed(SessionId sessionId, FileOffset from) {
      event("resumed");
    }

    @Override
    public void sessionRestarted(RestartReason reason, String message) {
      event("session.restarted." + lower(reason));
    }

    @Override
    public void retrying(GraphUploadException failure, Duration delay, int attempt) {
      event("retrying." + lower(failure.kind()));
    }

    @Override
    public void completed(UploadResult result) {
      if (observation != null) {
        observation.lowCardinalityKeyValue("outcome", lower(result.outcome())).stop();
        observation = null;
      }
    }

    @Override
    public void failed(GraphUploadException failure) {
      if (observation != null) {
        observation
            .lowCardinalityKeyValue("outcome", "failed")
            .lowCardinalityKeyValue("kind", lower(failure.kind()))
            .error(failure)
            .stop();
        observation = null;
      }
    }

    private void event(String name) {
      if (observation != null) {
        observation.event(Observation.Event.of(NAME + "." + name));
      }
    }
  }
}
