package dev.graphupload.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.GraphUploaderBuilder;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.emulator.EmulatedSession;
import dev.graphupload.emulator.FaultSettings;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.storage.file.FileSessionStore;
import dev.graphupload.storage.redis.RedisSessionStore;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import dev.graphupload.transport.netty.NettyHttpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The parts the suite puts together: transports, stores, and an emulator that can restart. */
final class Rig {

  private Rig() {}

  /** The transports under test. */
  enum Transport {
    JDK,
    NETTY;

    HttpTransport create() {
      return switch (this) {
        case JDK -> JdkHttpTransport.create();
        case NETTY -> NettyHttpTransport.create();
      };
    }
  }

  /** The stores under test. */
  enum Store {
    FILE,
    REDIS;

    /**
     * A new, empty store.
     *
     * @param dir where the file store keeps its records
     * @param redisUrl the Redis to use
     */
    SessionStore create(Path dir, String redisUrl) {
      return switch (this) {
        case FILE -> FileSessionStore.open(dir);
        case REDIS ->
            RedisSessionStore.builder()
                .uri(redisUrl)
                .keyPrefix("reliability:" + UUID.randomUUID() + ":")
                .build();
      };
    }
  }

  /** A retry policy that is patient in attempts and quick in time, so faults cost little. */
  static RetryPolicy quickRetries() {
    return RetryPolicy.custom()
        .maxAttempts(60)
        .maxElapsed(Duration.ofMinutes(2))
        .initialBackoff(Duration.ofMillis(5))
        .maxBackoff(Duration.ofMillis(200))
        .throttleInitialBackoff(Duration.ofMillis(10))
        .throttleMaxBackoff(Duration.ofMillis(200))
        .build();
  }

  /** An uploader for the emulator with everything but the parts under test set. */
  static GraphUploaderBuilder uploader(
      Emulator graph, String token, HttpTransport transport, SessionStore store) {
    return GraphUploader.builder()
        .endpoint(graph.baseUrl())
        .appId(AppId.of(GraphEmulator.DEFAULT_APP_ID))
        .accessToken(AccessToken.of(token))
        .transport(transport)
        .store(store)
        .retryPolicy(quickRetries())
        .requestTimeout(Duration.ofSeconds(20));
  }

  /** Closes a store that holds connections (Redis); others have nothing to close. */
  static void close(SessionStore store) throws Exception {
    if (store instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The emulator on a fixed port and data directory, so it can be stopped and started again
   * mid-upload as a restarted server would be: what it had received survives on disk.
   */
  static final class Emulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path data;
    private final int port;
    private final String[] tokens;
    private final HttpClient admin = HttpClient.newHttpClient();
    private volatile GraphEmulator running;
    private volatile FaultSettings faults = FaultSettings.none();

    Emulator(Path data, String... tokens) {
      this.data = data;
      this.port = freePort();
      this.tokens = tokens.clone();
      this.running = start();
    }

    private GraphEmulator start() {
      RuntimeException last = null;
      for (int attempt = 0; attempt < 50; attempt++) {
        try {
          return GraphEmulator.builder()
              .port(port)
              .dataDirectory(data)
              .tokens(tokens)
              .faults(faults)
              .build();
        } catch (RuntimeException portStillTaken) {
          last = portStillTaken;
          sleep(20);
        }
      }
      throw last;
    }

    URI baseUrl() {
      return URI.create("http://127.0.0.1:" + port);
    }

    GraphEmulator current() {
      return running;
    }

    void faults(FaultSettings settings) {
      faults = settings;
      running.faults(settings);
    }

    /** Stops and starts the emulator: connections drop, sessions and bytes stay. */
    synchronized void restart() {
      running.close();
      running = start();
    }

    /** The SHA-256 the emulator computed of the file behind a handle. */
    String sha256(UploadResult result) {
      return running.sha256Of(result.handle().value()).orElseThrow();
    }

    List<EmulatedSession> sessions() {
      return running.sessions();
    }

    @Override
    public synchronized void close() {
      running.close();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
