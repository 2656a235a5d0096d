package dev.graphupload.benchmarks;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import dev.graphupload.transport.jdk.JdkHttpTransportBuilder;
import dev.graphupload.transport.netty.NettyHttpTransport;
import dev.graphupload.transport.netty.NettyHttpTransportBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Uploads N small files at once through one uploader, ROUNDS times in one process (the last round
 * is timed: the ones before warm the JVM up, as a service's earlier uploads would), and prints one
 * line of JSON: uploads, lost (failed) uploads, seconds, uploads per second, CPU milliseconds per
 * upload (the whole process's, over the timed round), peak live threads, peak RSS.
 *
 * <pre>
 * java -Xmx256m [-Dca=PEM] -cp … dev.graphupload.benchmarks.ManyUploads BASE_URL APP_ID TOKEN jdk|jdk-h2|jdk-fixed|netty N DIR [ROUNDS=1]
 * </pre>
 */
public final class ManyUploads {

  private ManyUploads() {}

  public static void main(String[] args) throws Exception {
    String transportName = args[3];
    int count = Integer.parseInt(args[4]);
    Path dir = Files.createDirectories(Path.of(args[5]));
    List<Path> files = new ArrayList<>();
    Random random = new Random(count);
    for (int i = 0; i < count; i++) {
      byte[] bytes = new byte[16 * 1024 + random.nextInt(48 * 1024)];
      random.nextBytes(bytes);
      System.arraycopy(
          new byte[] {0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, 0, bytes, 0, 12);
      files.add(Files.write(dir.resolve("small-" + i + ".mp4"), bytes));
    }
    // jdk-fixed: the JDK client on a fixed pool of -Dthreads (default 4) threads, ours to shut down
    ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("threads", 4));
    // -Dca=PEM: trust only that CA, for an https:// BASE_URL (the emulator's --tls ca-cert)
    Path ca = System.getProperty("ca") == null ? null : Path.of(System.getProperty("ca"));
    JdkHttpTransportBuilder jdk = JdkHttpTransport.builder();
    NettyHttpTransportBuilder netty = NettyHttpTransport.builder();
    if (ca != null) {
      jdk.trustedCertificates(ca);
      netty.trustedCertificates(ca);
    }
    HttpTransport transport =
        switch (transportName) {
          case "jdk" -> jdk.build();
          case "jdk-fixed" -> jdk.executor(pool).build();
          // HTTP/2: over TLS by ALPN, every upload a stream of one connection
          case "jdk-h2" -> jdk.http2(true).build();
          case "netty" -> netty.build();
          default -> throw new IllegalArgumentException("unknown transport " + transportName);
        };
    int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 1;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    int lost = 0;
    double seconds = 0;
    double cpuMillisPerUpload = 0;
    try (transport) {
      threads.resetPeakThreadCount();
      for (int round = 1; round <= rounds; round++) {
        // a new uploader (and its new in-memory store) per round: every round uploads every file
        try (GraphUploader uploader =
            GraphUploader.builder()
                .endpoint(URI.create(args[0]))
                .appId(AppId.of(args[1]))
                .accessToken(AccessToken.of(args[2]))
                .transport(transport)
                .build()) {
          long start = System.nanoTime();
          long cpuStart = os.getProcessCpuTime();
          lost = 0;
          List<CompletableFuture<UploadResult>> uploads = new ArrayList<>();
          for (Path file : files) {
            uploads.add(uploader.uploadAsync(file));
          }
          for (CompletableFuture<UploadResult> upload : uploads) {
            try {
              if (upload.join().outcome() != UploadResult.Outcome.UPLOADED) {
                lost++; // not sent: the round would measure nothing
              }
            } catch (RuntimeException e) {
              lost++;
            }
          }
          seconds = (System.nanoTime() - start) / 1e9;
          cpuMillisPerUpload = (os.getProcessCpuTime() - cpuStart) / 1e6 / count;
        }
      }
    } finally {
      pool.shutdown(); // the transport leaves a caller's executor alone
    }
    System.out.printf(
        Locale.ROOT,
        "{\"transport\":\"%s\",\"uploads\":%d,\"lost\":%d,\"seconds\":%.3f,\"uploadsPerSecond\":%.1f,\"cpuMillisPerUpload\":%.2f,\"peakThreads\":%d,\"peakRssKiB\":%d}%n",
        transportName,
        count,
        lost,
        seconds,
        count / seconds,
        cpuMillisPerUpload,
        threads.getPeakThreadCount(),
        peakRssKiB());
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
