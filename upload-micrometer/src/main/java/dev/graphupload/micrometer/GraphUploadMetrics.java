package dev.graphupload.micrometer;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.RestartReason;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadRequest;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.UploadSubject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An uploader's events as Micrometer meters. Register it with {@code
 * GraphUploader.builder().addListenerFactory(GraphUploadMetrics.of(registry))}. It is also a {@link
 * MeterBinder}, for frameworks that bind binders themselves ({@link #unbound}).
 *
 * <table>
 *   <caption>Meters (every name under {@code graph.upload}; tags low-cardinality, never a file name,
 *   session id or token)</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code graph.upload.started}</td><td>counter</td><td></td><td>uploads started</td></tr>
 *   <tr><td>{@code graph.upload.completed}</td><td>counter</td><td>{@code outcome}: uploaded,
 *       resumed, already_uploaded</td><td>uploads that ended with a handle</td></tr>
 *   <tr><td>{@code graph.upload.failed}</td><td>counter</td><td>{@code kind}: transient, throttled,
 *       fatal, out_of_sync; {@code exception}: the exception's simple class name</td>
 *       <td>uploads that ended without one</td></tr>
 *   <tr><td>{@code graph.upload.active}</td><td>gauge</td><td></td><td>uploads in progress</td></tr>
 *   <tr><td>{@code graph.upload.duration}</td><td>timer</td><td>{@code outcome} (as above, or
 *       failed)</td><td>from start to handle or failure; no percentiles unless configured</td></tr>
 *   <tr><td>{@code graph.upload.bytes.confirmed}</td><td>counter (bytes)</td><td></td><td>bytes
 *       the server confirmed holding, as they are confirmed</td></tr>
 *   <tr><td>{@code graph.upload.bytes.sent}</td><td>counter (bytes)</td><td></td><td>bytes sent by
 *       completed uploads, re-sent ones included</td></tr>
 *   <tr><td>{@code graph.upload.bytes.written}</td><td>counter (bytes)</td><td></td><td>body
 *       bytes written to the wire, as they are written, by every upload whatever its end (a failed
 *       one's too)</td></tr>
 *   <tr><td>{@code graph.upload.bytes.resent}</td><td>counter (bytes)</td><td></td><td>of those,
 *       bytes sent more than once (lost in cuts, sent again to a new session)</td></tr>
 *   <tr><td>{@code graph.upload.retries}</td><td>counter</td><td>{@code reason}: transient,
 *       throttled, out_of_sync</td><td>retries and resyncs</td></tr>
 *   <tr><td>{@code graph.upload.throttle.wait}</td><td>timer</td><td></td><td>waits imposed by
 *       throttling</td></tr>
 *   <tr><td>{@code graph.upload.session.restarts}</td><td>counter</td><td>{@code reason}:
 *       file_changed, session_expired, handle_expired</td><td>new sessions in place of old
 *       ones</td></tr>
 * </table>
 *
 * <p>Thread safe: one instance serves every upload of an uploader (each gets a listener of its
 * own).
 */
public final class GraphUploadMetrics implements UploadListener.Factory, MeterBinder {

  /** The common prefix of every meter's name. */
  public static final String PREFIX = "graph.upload";

  private final Tags commonTags;
  private final AtomicInteger active = new AtomicInteger();
  private volatile MeterRegistry registry;

  private GraphUploadMetrics(Iterable<Tag> commonTags) {
    this.commonTags = Tags.of(commonTags);
  }

  /**
   * Metrics bound to {@code registry}.
   *
   * @param registry where the meters live
   * @param commonTags tags added to every meter (such as the app or the region), or none
   * @return the metrics, to pass to {@code addListenerFactory}
   */
  public static GraphUploadMetrics of(MeterRegistry registry, Tag... commonTags) {
    GraphUploadMetrics metrics = new GraphUploadMetrics(Tags.of(commonTags));
    metrics.bindTo(registry);
    return metrics;
  }

  /**
   * Metrics to be bound later, by {@link #bindTo(MeterRegistry)} (as a framework does with a {@link
   * MeterBinder}); until then uploads are not counted.
   *
   * @param commonTags tags added to every meter (such as the app or the region), or none
   * @return the metrics
   */
  public static GraphUploadMetrics unbound(Tag... commonTags) {
    return new GraphUploadMetrics(Tags.of(commonTags));
  }

  /**
   * Registers the meters in {@code target} and counts every later upload there. Binding again to
   * the registry it is bound to does nothing (a framework that binds every {@link MeterBinder} bean
   * may do so after {@link #of}); binding to another moves the counting there.
   */
  @Override
  public synchronized void bindTo(MeterRegistry target) {
    Objects.requireNonNull(target, "registry");
    if (target == registry) {
      return;
    }
    Gauge.builder(PREFIX + ".active", active, AtomicInteger::get)
        .tags(commonTags)
        .description("Uploads in progress")
        .register(target);
    this.registry = target;
  }

  @Override
  public UploadListener create(UploadRequest request) {
    MeterRegistry target = registry;
    return target == null ? UploadListener.NONE : new OneUpload(target);
  }

  @Override
  public String toString() {
    return "GraphUploadMetrics[" + (registry == null ? "unbound" : "bound") + "]";
  }

  private Counter counter(MeterRegistry target, String name, String description, Tag... tags) {
    return Counter.builder(PREFIX + "." + name)
        .tags(commonTags)
        .tags(Tags.of(tags))
        .description(description)
        .register(target);
  }

  private Counter bytes(MeterRegistry target, String name, String description) {
    return Counter.builder(PREFIX + "." + name)
        .tags(commonTags)
        .baseUnit("bytes")
        .description(description)
        .register(target);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The listener of one upload: its running figures are its own, so it needs no lock. */
  private final class OneUpload implements UploadListener {
    private final MeterRegistry target;
    private Timer.Sample sample;
    private long confirmed;
    private boolean ended;

    OneUpload(MeterRegistry target) {
      this.target = target;
    }

    @Override
    public void started(UploadSubject upload) {
      sample = Timer.start(target);
      active.incrementAndGet();
      counter(target, "started", "Uploads started").increment();
    }

    @Override
    public void sessionCreated(SessionId sessionId) {
      confirmed = 0;
    }

    @Override
    public void resumed(SessionId sessionId, FileOffset from) {
      confirmed = from.value();
    }

    @Override
    public void sessionRestarted(RestartReason reason, String message) {
      counter(
              target,
              "session.restarts",
              "New upload sessions in place of old ones",
              Tag.of("reason", lower(reason)))
          .increment();
    }

    @Override
    public void bytesWritten(long count) {
      bytes(target, "bytes.written", "Body bytes written to the wire, failed uploads' too")
          .increment(count);
    }

    @Override
    public void bytesConfirmed(FileOffset offset, long length) {
      addConfirmed(offset.value());
    }

    private void addConfirmed(long offset) {
      if (offset > confirmed) {
        bytes(target, "bytes.confirmed", "Bytes the server confirmed holding")
            .increment(offset - confirmed);
        confirmed = offset;
      }
    }

    @Override
    public void retrying(GraphUploadException failure, Duration delay, int attempt) {
      FailureKind kind = failure.kind();
      counter(target, "retries", "Retries and resyncs", Tag.of("reason", lower(kind))).increment();
      if (kind == FailureKind.THROTTLED) {
        Timer.builder(PREFIX + ".throttle.wait")
            .tags(commonTags)
            .description("Waits imposed by throttling")
            .register(target)
            .record(delay);
      }
    }

    @Override
    public void completed(UploadResult result) {
      if (result.outcome() != UploadResult.Outcome.ALREADY_UPLOADED) {
        addConfirmed(result.fileLength()); // a one-request upload is confirmed by its handle
        long needed = result.fileLength() - result.resumedFrom().value();
        bytes(target, "bytes.sent", "Bytes sent by completed uploads")
            .increment(result.bytesSent());
        bytes(target, "bytes.resent", "Bytes sent more than once")
            .increment(Math.max(0, result.bytesSent() - needed));
      }
      String outcome = lower(result.outcome());
      counter(target, "completed", "Uploads that ended with a handle", Tag.of("outcome", outcome))
          .increment();
      end(outcome);
    }

    @Override
    public void failed(GraphUploadException failure) {
      counter(
              target,
              "failed",
              "Uploads that ended without a handle",
              Tag.of("kind", lower(failure.kind())),
              Tag.of("exception", failure.getClass().getSimpleName()))
          .increment();
      end("failed");
    }

    private void end(String outcome) {
      if (ended) {
        return;
      }
      ended = true;
      if (sample != null) {
        active.decrementAndGet();
        sample.stop(
            Timer.builder(PREFIX + ".duration")
                .tags(commonTags)
                .tag("outcome", outcome)
                .description("From the start of an upload to its handle or failure")
                .register(target));
      }
    }
  }
}
