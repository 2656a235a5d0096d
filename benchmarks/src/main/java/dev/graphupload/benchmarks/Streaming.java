package dev.graphupload.benchmarks;

import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import dev.graphupload.transport.netty.NettyHttpTransport;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: each transport streaming a 64 MiB file region to the emulator's sink on loopback (one send
 * request per operation; the session's offset check is off: each send starts a new session created
 * in setup per invocation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Streaming {

  private static final long LENGTH = 64L << 20;

  @Param({"jdk", "netty"})
  public String transportName;

  private GraphEmulator emulator;
  private HttpTransport transport;
  private Path file;
  private URI session;

  @Setup(Level.Trial)
  public void start() throws Exception {
    emulator = GraphEmulator.builder().sink(true).build();
    transport =
        transportName.equals("jdk") ? JdkHttpTransport.create() : NettyHttpTransport.create();
    file = Files.createTempFile("streaming", ".mp4");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(LENGTH);
    }
  }

  @Setup(Level.Invocation)
  public void newSession() throws Exception {
    var created =
        transport
            .execute(
                new TransportRequest(
                    "POST",
                    URI.create(
                        emulator.baseUrl()
                            + "/v24.0/"
                            + emulator.appId()
                            + "/uploads?file_name=s.mp4&file_length="
                            + LENGTH
                            + "&file_type=video%2Fmp4"),
                    Map.of("Authorization", "OAuth " + emulator.token()),
                    RequestBody.empty(),
                    Duration.ofSeconds(30),
                    65536),
                BodyProgress.NONE)
            .get();
    session =
        URI.create(
            emulator.baseUrl()
                + "/v24.0/"
                + created.bodyText().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
  }

  @Benchmark
  public int send64MiB() throws Exception {
    return transport
        .execute(
            new TransportRequest(
                "POST",
                session,
                Map.of("Authorization", "OAuth " + emulator.token(), "file_offset", "0"),
                new RequestBody.FileRegion(file, 0, LENGTH),
                Duration.ofSeconds(60),
                65536),
            BodyProgress.NONE)
        .get()
        .status();
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    transport.close();
    emulator.close();
    Files.deleteIfExists(file);
  }
}
