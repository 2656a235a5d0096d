package dev.graphupload.benchmarks;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import dev.graphupload.transport.netty.NettyHttpTransport;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upload cut once at 10 %, 50 % and 90 % of the file, resumed by the uploader: bytes sent over
 * the file's size, and the time from the cut to the first byte of the resumed request. Prints a
 * Markdown table.
 *
 * <pre>java -cp … dev.graphupload.benchmarks.ResumeBench [SIZE_MIB=1024]</pre>
 */
public final class ResumeBench {

  private ResumeBench() {}

  public static void main(String[] args) throws Exception {
    long size = (args.length > 0 ? Long.parseLong(args[0]) : 1024) << 20;
    Path file = Files.createTempFile("resume-bench", ".mp4");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
      raf.write(new byte[] {0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'});
    }
    System.out.println(
        "| transport | cut at | server kept | client had written | bytes re-sent |"
            + " re-sent ≤ unconfirmed | bytes sent / file size | cut → resumed sending | total seconds |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    try (GraphEmulator emulator = GraphEmulator.builder().sink(true).build()) {
      for (String name : new String[] {"jdk", "netty"}) {
        for (int percent : new int[] {10, 50, 90}) {
          emulator.faults(FaultSettings.none().withCutAfterBytes(size * percent / 100));
          AtomicLong cutAt = new AtomicLong();
          AtomicLong resumedAt = new AtomicLong();
          AtomicLong writtenBeforeCut = new AtomicLong();
          UploadListener listener =
              new UploadListener() {
                @Override
                public void retrying(GraphUploadException failure, Duration delay, int attempt) {
                  if (cutAt.compareAndSet(0, System.nanoTime())) {
                    emulator.faults(FaultSettings.none()); // one cut only
                  }
                }

                @Override
                public void bytesSent(long position, long length) {
                  if (cutAt.get() != 0) {
                    resumedAt.compareAndSet(0, System.nanoTime());
                  } else {
                    writtenBeforeCut.accumulateAndGet(position, Math::max);
                  }
                }
              };
          HttpTransport transport =
              name.equals("jdk") ? JdkHttpTransport.create() : NettyHttpTransport.create();
          try (transport;
              GraphUploader uploader =
                  GraphUploader.builder()
                      .endpoint(emulator.baseUrl())
                      .appId(AppId.of(emulator.appId()))
                      .accessToken(AccessToken.of(emulator.token()))
                      .transport(transport)
                      .retryPolicy(
                          RetryPolicy.custom()
                              .initialBackoff(Duration.ofMillis(100))
                              .jitter(0)
                              .build())
                      .build()) {
            long start = System.nanoTime();
            UploadResult result = uploader.upload(file, listener);
            double total = (System.nanoTime() - start) / 1e9;
            long kept = size * percent / 100;
            long unconfirmed = Math.max(0, writtenBeforeCut.get() - kept);
            long resent = result.bytesSent() - size;
            System.out.printf(
                Locale.ROOT,
                "| %s | %d %% | %d | %d | %d | %s | %.4f | %.0f ms (of which 100 ms backoff) | %.2f |%n",
                name,
                percent,
                kept,
                writtenBeforeCut.get(),
                resent,
                resent <= unconfirmed ? "yes" : "NO",
                (double) result.bytesSent() / size,
                (resumedAt.get() - cutAt.get()) / 1e6,
                total);
          }
        }
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
