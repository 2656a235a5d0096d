package dev.graphupload.benchmarks;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.ChunkSample;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.FileType;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.SourceFile;
import dev.graphupload.core.UploadRequest;
import dev.graphupload.core.UploadSubject;
import dev.graphupload.core.codec.SessionRecordCodec;
import dev.graphupload.core.internal.GraphWire;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import dev.graphupload.testkit.TestRecords;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * JMH microbenchmarks of the core's hot paths: building requests, reading replies, planning chunks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Micro {

  private final GraphWire wire =
      new GraphWire(
          URI.create("https://graph.facebook.com"),
          ApiVersion.DEFAULT,
          AccessToken.of("EAAGbenchmarktoken"),
          Duration.ofSeconds(60),
          16384,
          Duration.ofSeconds(60));
  private final SessionId session =
      SessionId.of("upload:MTphdHRhY2htZW50OjVlMjY5ZTk5LTE2N2ItNDI5NS1hZTQ4?sig=ARZqN3EzT0Zp");
  private final SourceFile file =
      new SourceFile(
          Path.of("/data/clip.mp4"),
          "clip.mp4",
          1L << 30,
          FileType.MP4,
          Instant.parse("2026-01-01T00:00:00Z"));
  private final UploadSubject subject = UploadSubject.of(file, UploadRequest.of(file.path()));
  private final TransportResponse offsetReply =
      new TransportResponse(
          200,
          Map.of("content-type", List.of("application/json")),
          "{\"id\":\"upload:MTph?sig=ARZ\",\"file_offset\":536870912}"
              .getBytes(StandardCharsets.UTF_8));
  private final TransportResponse handleReply =
      new TransportResponse(
          200,
          Map.of(),
          "{\"h\":\"2:Y2xpcC5tcDQ=:video/mp4:GKAj0gAUCZmJ1voFADip2iIAAAAAbugbAAAA:e:1472075513:ARZ_abc\"}"
              .getBytes(StandardCharsets.UTF_8));
  private final TransportResponse errorReply =
      new TransportResponse(
          400,
          Map.of("x-fb-trace-id", List.of("AbCd")),
          "{\"error\":{\"message\":\"Application request limit reached\",\"type\":\"OAuthException\",\"code\":4,\"is_transient\":true,\"fbtrace_id\":\"AbCd\"}}"
              .getBytes(StandardCharsets.UTF_8));
  private final ChunkPolicy adaptive =
      ChunkPolicy.adaptive(1 << 20, 8 << 20, 256 << 20, Duration.ofSeconds(5));
  private final ChunkSample sample = new ChunkSample(8 << 20, Duration.ofMillis(1700), true);
  private final SessionRecord record =
      TestRecords.record("bench.mp4", Instant.parse("2026-01-01T00:00:00Z"));
  private final byte[] recordJson = SessionRecordCodec.encode(record);

  @Benchmark
  public TransportRequest buildCreateRequest() {
    return wire.createSession(AppId.of("1234567890"), subject);
  }

  @Benchmark
  public TransportRequest buildSendRequest() {
    return wire.sendBytes(
        session,
        FileOffset.of(536870912),
        new RequestBody.FileRegion(file.path(), 536870912, 1L << 29));
  }

  @Benchmark
  public Object readOffsetReply() {
    return wire.readOffset(offsetReply, 1L << 30);
  }

  @Benchmark
  public Object readHandleReply() {
    return wire.readSent(handleReply, 1L << 30);
  }

  @Benchmark
  public Object readErrorEnvelope() {
    return wire.failure("accept the file's bytes", errorReply);
  }

  @Benchmark
  public long planAdaptiveChunk() {
    return adaptive.nextChunkSize(1L << 30, sample);
  }

  @Benchmark
  public byte[] encodeRecord() {
    return SessionRecordCodec.encode(record);
  }

  @Benchmark
  public SessionRecord decodeRecord() {
    return SessionRecordCodec.decode(recordJson);
  }
}
