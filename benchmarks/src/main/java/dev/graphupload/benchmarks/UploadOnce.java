package dev.graphupload.benchmarks;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import dev.graphupload.transport.jdk.JdkHttpTransportBuilder;
import dev.graphupload.transport.netty.NettyHttpTransport;
import dev.graphupload.transport.netty.NettyHttpTransportBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;

/**
 * Uploads one file once and prints one line of JSON: bytes, elapsed time, rate, and the peak RSS of
 * this process. The benchmark scripts run it as a separate process, beside curl.
 *
 * <pre>
 * java -Xmx64m -cp … dev.graphupload.benchmarks.UploadOnce BASE_URL APP_ID TOKEN FILE [jdk|netty] [whole|CHUNK_BYTES] [REPEAT]
 * </pre>
 */
public final class UploadOnce {

  private UploadOnce() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      System.err.println(
          "usage: UploadOnce BASE_URL APP_ID TOKEN FILE [jdk|jdk-heap|netty|netty-jdk-tls]"
              + " [whole|CHUNK_BYTES] [REPEAT]  (-Dca=PEM for https)");
      System.exit(2);
    }
    String transportName = args.length > 4 ? args[4] : "jdk";
    String chunking = args.length > 5 ? args[5] : "whole";
    ChunkPolicy chunks =
        switch (chunking) {
          case "whole" -> ChunkPolicy.wholeRemainder();
          case "auto" ->
              ChunkPolicy.adaptive(1L << 20, 8L << 20, 256L << 20, Duration.ofSeconds(5));
          default -> ChunkPolicy.fixed(Long.parseLong(chunking));
        };
    // -Dca=PEM: trust only that CA, for an https:// BASE_URL (the emulator's --tls ca-cert)
    Path ca = System.getProperty("ca") == null ? null : Path.of(System.getProperty("ca"));
    HttpTransport transport =
        switch (transportName) {
          case "jdk" -> {
            JdkHttpTransportBuilder jdk = JdkHttpTransport.builder();
            if (Integer.getInteger("bufferSize") != null) {
              jdk.bufferSize(Integer.getInteger("bufferSize"));
            }
            // -Dexecutor=direct|single: the client's work on its selector thread, or on one thread
            switch (System.getProperty("executor", "")) {
              case "direct" -> jdk.executor(Runnable::run);
              case "single" ->
                  jdk.executor(
                      Executors.newSingleThreadExecutor(
                          r -> {
                            Thread t = new Thread(r, "client");
                            t.setDaemon(true);
                            return t;
                          }));
              default -> {}
            }
            yield (ca == null ? jdk : jdk.trustedCertificates(ca)).build();
          }
          // the JDK transport as it was before its pooled direct buffers: a heap buffer per item
          case "jdk-heap" ->
              JdkHttpTransport.builder().bufferSize(256 << 10).directBuffers(0).build();
          case "netty", "netty-jdk-tls" -> {
            NettyHttpTransportBuilder netty = NettyHttpTransport.builder();
            if (ca != null) {
              netty.trustedCertificates(ca);
            }
            if (transportName.equals("netty-jdk-tls")) {
              netty.sslProvider(SslProvider.JDK);
            }
            yield netty.build();
          }
          default -> throw new IllegalArgumentException("unknown transport " + transportName);
        };
    Path file = Path.of(args[3]);
    int repeat = args.length > 6 ? Integer.parseInt(args[6]) : 1;
    long start = 0;
    UploadResult result = null;
    try (transport) {
      // with REPEAT > 1 only the last upload is timed, in a warm JVM; each has its own store
      for (int i = 0; i < repeat; i++) {
        try (GraphUploader uploader =
            GraphUploader.builder()
                .endpoint(URI.create(args[0]))
                .appId(AppId.of(args[1]))
                .accessToken(AccessToken.of(args[2]))
                .transport(transport)
                .chunkPolicy(chunks)
                .build()) {
          start = System.nanoTime();
          result = uploader.upload(file);
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "{\"transport\":\"%s\",\"bytes\":%d,\"bytesSent\":%d,\"seconds\":%.3f,\"bytesPerSecond\":%.0f,\"peakRssKiB\":%d}%n",
        transportName,
        result.fileLength(),
        result.bytesSent(),
        seconds,
        result.fileLength() / seconds,
        peakRssKiB());
    // as a command would: a Netty event loop group shut down leaves Netty's global executor's
    // thread, no daemon, for a second more (README), which is not the upload's time
    System.exit(0);
  }

  private static long peakRssKiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
