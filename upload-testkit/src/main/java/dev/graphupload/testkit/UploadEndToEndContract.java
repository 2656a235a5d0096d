package dev.graphupload.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.FailureKind;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.TransportException;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadRequest;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.UploadSource;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.emulator.EmulatedSession;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.emulator.ScriptedFault;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end through a transport: {@link GraphUploader} + the transport under test + the in-memory
 * store, against the emulator with seeded faults (cuts, lost replies, transient errors,
 * throttling), for files from 3 bytes to 1 GiB. The emulator's SHA-256 must equal the file's every
 * time. Extend it and implement {@link #newTransport()}. Run it with a heap smaller than 1 GiB to
 * prove the transport streams.
 */
public abstract class UploadEndToEndContract {

  @TempDir Path dir;

  private GraphEmulator emulator;
  private HttpTransport transport;

  /**
   * A new instance of the transport under test.
   *
   * @return the transport
   */
  protected abstract HttpTransport newTransport();

  /**
   * A new instance of the transport under test that trusts only the certificates of {@code
   * caCertificate} for {@code https://}.
   *
   * @param caCertificate a PEM file
   * @return the transport
   */
  protected abstract HttpTransport newTransportTrusting(Path caCertificate);

  @BeforeEach
  void start() {
    emulator = GraphEmulator.builder().build();
    transport = newTransport();
  }

  @AfterEach
  void stop() {
    transport.close();
    emulator.close();
  }

  private GraphUploader uploader(ChunkPolicy chunks) {
    return uploader(chunks, emulator, transport);
  }

  private static GraphUploader uploader(
      ChunkPolicy chunks, GraphEmulator emulator, HttpTransport transport) {
    return GraphUploader.builder()
        .endpoint(emulator.baseUrl())
        .appId(AppId.of(emulator.appId()))
        .accessToken(AccessToken.of(emulator.token()))
        .transport(transport)
        .store(new InMemorySessionStore())
        .chunkPolicy(chunks)
        .retryPolicy(
            RetryPolicy.custom()
                .maxAttempts(40)
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(50))
                .throttleInitialBackoff(Duration.ofMillis(10))
                .throttleMaxBackoff(Duration.ofMillis(100))
                .build())
        .build();
  }

  private String sha256At(UploadResult result) {
    return emulator.sha256Of(result.handle().value()).orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 12, 1_000, 65_537, 3_000_000})
  void uploadsFilesOfEverySizeThroughSeededFaults(int size) throws Exception {
    // 3 bytes is the smallest file that can carry a type's magic bytes (JPEG's FF D8 FF)
    Path file =
        size < 12
            ? Files.write(
                dir.resolve("tiny.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff})
            : TestData.randomMp4(dir, size, size);
    emulator.faults(
        FaultSettings.none()
            .withSeed(size)
            .withCutProbability(0.3)
            .withLoseReplyProbability(0.2)
            .withErrorProbability(0.2)
            .withThrottleProbability(0.1)
            .withThrottleRetryAfterSeconds(0));

    try (GraphUploader uploader = uploader(ChunkPolicy.fixed(Math.max(1, size / 3)))) {
      UploadResult result = uploader.upload(file);

      assertThat(sha256At(result)).isEqualTo(TestData.sha256(file));
      assertThat(result.fileLength()).isEqualTo(Files.size(file));
    }
  }

  @Test
  void uploadsOverHttpsTrustingTheEmulatorsCaThroughCuts() throws Exception {
    Path file = TestData.randomMp4(dir, 3_000_000, 41);
    try (GraphEmulator secure = GraphEmulator.builder().tls(true).build();
        HttpTransport https = newTransportTrusting(secure.caCertificate().orElseThrow())) {
      secure.enqueue(
          ScriptedFault.Request.SEND,
          new ScriptedFault.CutAfter(700_000),
          new ScriptedFault.LoseReply());

      try (GraphUploader uploader = uploader(ChunkPolicy.fixed(1_000_000), secure, https)) {
        UploadResult result = uploader.upload(file);

        assertThat(secure.sha256Of(result.handle().value())).hasValue(TestData.sha256(file));
        assertThat(secure.pendingFaults()).isZero();
      }
    }
  }

  @Test
  void uploadsAGibibyteWithCutsInLessMemoryThanTheFile() throws Exception {
    // surefire runs this with -Xmx256m: a transport that held the file would fail
    long size = 1L << 30;
    Path file = TestData.sparseMp4(dir, size);
    emulator.faults(FaultSettings.none().withSeed(42).withCutProbability(0.5));

    try (GraphUploader uploader = uploader(ChunkPolicy.wholeRemainder())) {
      UploadResult result = uploader.upload(file);

      assertThat(sha256At(result)).isEqualTo(TestData.sha256(file));
      // bytes re-sent never exceed what the server had not confirmed: with cuts only, nothing
      assertThat(result.bytesSent()).isEqualTo(size);
    }
  }

  /** A source of the caller's own: ranged reads over bytes held elsewhere. */
  private static UploadSource ranged(byte[] bytes) {
    return new UploadSource() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public int read(ByteBuffer target, long position) {
        if (position >= bytes.length) {
          return -1;
        }
        int n = (int) Math.min(target.remaining(), bytes.length - position);
        target.put(bytes, (int) position, n);
        return n;
      }
    };
  }

  private static UploadRequest requestOf(String kind, byte[] content) {
    UploadSource source = kind.equals("bytes") ? UploadSource.of(content) : ranged(content);
    return UploadRequest.builder(source).fileName("clip.mp4").key(kind + "-1").build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes", "ranged"})
  void uploadsSourcesThatAreNotFilesThroughSeededFaults(String kind) throws Exception {
    byte[] content = Files.readAllBytes(TestData.randomMp4(dir, 3_000_000, 51));
    emulator.faults(
        FaultSettings.none()
            .withSeed(51)
            .withCutProbability(0.3)
            .withLoseReplyProbability(0.2)
            .withErrorProbability(0.2));

    try (GraphUploader uploader = uploader(ChunkPolicy.fixed(700_000))) {
      UploadResult result = uploader.upload(requestOf(kind, content));

      assertThat(sha256At(result)).isEqualTo(TestData.sha256(content));
      assertThat(emulator.sessions())
          .singleElement()
          .extracting(EmulatedSession::fileName)
          .isEqualTo("clip.mp4");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes", "ranged"})
  void uploadsSourcesThatAreNotFilesOverHttpsThroughCuts(String kind) throws Exception {
    byte[] content = Files.readAllBytes(TestData.randomMp4(dir, 3_000_000, 52));
    try (GraphEmulator secure = GraphEmulator.builder().tls(true).build();
        HttpTransport https = newTransportTrusting(secure.caCertificate().orElseThrow())) {
      secure.enqueue(
          ScriptedFault.Request.SEND,
          new ScriptedFault.CutAfter(700_000),
          new ScriptedFault.LoseReply());

      try (GraphUploader uploader = uploader(ChunkPolicy.fixed(1_000_000), secure, https)) {
        UploadResult result = uploader.upload(requestOf(kind, content));

        assertThat(secure.sha256Of(result.handle().value())).hasValue(TestData.sha256(content));
        assertThat(secure.pendingFaults()).isZero();
      }
    }
  }

  @Test
  void anUntrustedCertificateIsRefusedAtOnceNamingTheFix() throws Exception {
    Path file = TestData.randomMp4(dir, 1_000, 53);
    try (GraphEmulator secure = GraphEmulator.builder().tls(true).build();
        GraphUploader uploader = uploader(ChunkPolicy.wholeRemainder(), secure, transport)) {
      assertThatThrownBy(() -> uploader.upload(file))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("is not trusted: pass --ca-cert FILE with the CA that signed it")
          .hasMessageNotContaining("PKIX");
      assertThat(secure.sessions()).isEmpty();
    }
  }

  @Test
  void anExpiredCertificateIsRefusedAtOnceSayingSoAndWhen() throws Exception {
    Path file = TestData.randomMp4(dir, 1_000, 56);
    // a date to stamp on a certificate: the wall clock is the one certificates are checked against
    Instant expired =
        Clock.systemUTC().instant().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    try (GraphEmulator secure =
            GraphEmulator.builder()
                .tlsValidity(expired.minus(Duration.ofDays(30)), expired)
                .build();
        HttpTransport https = newTransportTrusting(secure.caCertificate().orElseThrow());
        GraphUploader uploader = uploader(ChunkPolicy.wholeRemainder(), secure, https)) {
      assertThatThrownBy(() -> uploader.upload(file))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining(
              "The certificate of " + secure.baseUrl().toString().replaceAll("/$", ""))
          .hasMessageContaining("expired on ")
          .hasMessageContaining(String.valueOf(expired.atZone(ZoneOffset.UTC).getYear()))
          .hasMessageNotContaining("validity check failed")
          .satisfies(e -> assertThat(((TransportException) e).kind()).isEqualTo(FailureKind.FATAL));
      assertThat(secure.sessions()).isEmpty();
    }
  }

  @Test
  void httpsToAPlainHttpPortIsRecognisedAtOnceWithoutAHexDump() throws Exception {
    Path file = TestData.randomMp4(dir, 1_000, 54);
    URI plain = emulator.baseUrl();
    try (GraphUploader uploader =
        GraphUploader.builder()
            .endpoint(URI.create("https://" + plain.getHost() + ":" + plain.getPort()))
            .appId(AppId.of(emulator.appId()))
            .accessToken(AccessToken.of(emulator.token()))
            .transport(transport)
            .build()) {
      assertThatThrownBy(() -> uploader.upload(file))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("answered in plain HTTP, not TLS: use http://")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("[0-9a-f]{40}"));
    }
  }

  @Test
  void httpToATlsPortIsRecognisedAtOnceNamingTheFix() throws Exception {
    Path file = TestData.randomMp4(dir, 1_000, 55);
    List<GraphUploadException> retried = new CopyOnWriteArrayList<>();
    try (GraphEmulator secure = GraphEmulator.builder().tls(true).build()) {
      URI tls = secure.baseUrl();
      try (GraphUploader uploader =
          GraphUploader.builder()
              .endpoint(URI.create("http://" + tls.getHost() + ":" + tls.getPort()))
              .appId(AppId.of(secure.appId()))
              .accessToken(AccessToken.of(secure.token()))
              .transport(transport)
              .build()) {
        assertThatThrownBy(
                () ->
                    uploader.upload(
                        file,
                        new UploadListener() {
                          @Override
                          public void retrying(
                              GraphUploadException failure, Duration delay, int attempt) {
                            retried.add(failure);
                          }
                        }))
            .isInstanceOf(TransportException.class)
            .hasMessageContaining("speaks TLS, not plain HTTP: use https://");
      }
      assertThat(retried).as("retries of a request that cannot succeed").isEmpty();
      assertThat(secure.sessions()).isEmpty();
    }
  }
}
