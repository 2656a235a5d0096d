package dev.graphupload.emulator;

import dev.graphupload.emulator.internal.EmulatorConfig;
import dev.graphupload.emulator.internal.EmulatorServer;
import dev.graphupload.emulator.internal.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A local Graph Resumable Upload API server: the three endpoints under any API version, Graph's
 * error envelope, realistic signed session ids and handles, bytes streamed to disk as they arrive,
 * sessions that survive a restart, seeded fault injection, and an admin API under {@code
 * /_emulator/}.
 *
 * <pre>{@code
 * try (GraphEmulator emulator = GraphEmulator.builder().port(0).build()) {
 *   URI base = emulator.baseUrl();          // http://127.0.0.1:<port>
 *   String token = emulator.token();        // "emulator-token"
 *   String appId = emulator.appId();        // "1234567890"
 * }
 * }</pre>
 *
 * <p>Thread safe. {@link #close()} stops it and, when it made its own temporary data directory,
 * deletes that.
 */
public final class GraphEmulator implements AutoCloseable {

  /** The app id accepted unless others are configured. */
  public static final String DEFAULT_APP_ID = "1234567890";

  /** The access token accepted unless others are configured. */
  public static final String DEFAULT_TOKEN = "emulator-token";

  private final EmulatorServer server;
  private final EmulatorConfig config;
  private final boolean ownsDataDirectory;

  private GraphEmulator(EmulatorServer server, EmulatorConfig config, boolean ownsDataDirectory) {
    this.server = server;
    this.config = config;
    this.ownsDataDirectory = ownsDataDirectory;
  }

  /**
   * A builder with the defaults: loopback, a free port, a temporary data directory, app id {@value
   * #DEFAULT_APP_ID}, token {@value #DEFAULT_TOKEN}, no faults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The base URL to give a client: scheme, host and port, without an API version.
   *
   * @return such as {@code http://127.0.0.1:41234}
   */
  public URI baseUrl() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create((config.tls() == null ? "http://" : "https://") + host + ":" + server.port());
  }

  /**
   * The port the emulator listens on.
   *
   * @return the port
   */
  public int port() {
    return server.port();
  }

  /**
   * The first accepted app id.
   *
   * @return the app id
   */
  public String appId() {
    return config.appIds().iterator().next();
  }

  /**
   * The first accepted access token.
   *
   * @return the token
   */
  public String token() {
    return config.tokens().iterator().next();
  }

  /**
   * Where sessions and their bytes are kept.
   *
   * @return the data directory
   */
  public Path dataDirectory() {
    return config.dataDirectory();
  }

  /**
   * The PEM file a client trusts to reach this emulator over HTTPS: the generated CA, or the
   * certificate given to {@link Builder#tls(Path, Path)}.
   *
   * @return the file, or empty when the emulator speaks plain HTTP
   */
  public java.util.Optional<Path> caCertificate() {
    return java.util.Optional.ofNullable(config.tls()).map(TlsMaterial::caCertificate);
  }

  /**
   * The line the standalone emulator prints when it starts: {@code graph-upload emulator listening
   * on http://HOST:PORT app-id=ID token=T}, and with TLS {@code … listening on https://HOST:PORT
   * app-id=ID token=T ca-cert=PATH}.
   *
   * @return the line, without a line break
   */
  public String startupLine() {
    return "graph-upload emulator listening on "
        + baseUrl()
        + " app-id="
        + appId()
        + " token="
        + token()
        + caCertificate().map(pem -> " ca-cert=" + pem).orElse("");
  }

  /**
   * The fault settings in force.
   *
   * @return the settings
   */
  public FaultSettings faults() {
    return server.faults().settings();
  }

  /**
   * Replaces the fault settings; the dice are reseeded with the new seed.
   *
   * @param settings the new settings
   */
  public void faults(FaultSettings settings) {
    server.faults().set(Objects.requireNonNull(settings, "settings"));
  }

  /**
   * Queues exact faults for the next requests of a kind, after any already queued: each applies
   * once, to one request, beside the seeded random faults. The same as {@code POST
   * /_emulator/script}.
   *
   * @param request which requests the faults wait for
   * @param faults the faults, in order
   * @return this emulator
   */
  public GraphEmulator enqueue(ScriptedFault.Request request, ScriptedFault... faults) {
    Objects.requireNonNull(request, "request");
    for (ScriptedFault fault : faults) {
      server.script().enqueue(request, Objects.requireNonNull(fault, "fault"));
    }
    return this;
  }

  /**
   * Waits until the emulator has taken at least {@code bytes} body bytes in all since it started
   * (what tests wait for instead of sleeping: "the upload got going").
   *
   * @param bytes the count to reach
   * @param timeout how long to wait at most
   * @return whether the count was reached in time
   * @throws InterruptedException if the wait is interrupted
   */
  public boolean awaitReceived(long bytes, java.time.Duration timeout) throws InterruptedException {
    return server.received().await(bytes, timeout.toMillis());
  }

  /**
   * The body bytes taken since start, over every session and connection: what crossed the wire,
   * re-sent bytes included.
   *
   * @return the count
   */
  public long bytesReceived() {
    return server.received().total();
  }

  /**
   * How many scripted faults still wait for their request.
   *
   * @return the count
   */
  public int pendingFaults() {
    return server.script().pending();
  }

  /**
   * The offset the server holds for a session: what {@code GET /{v}/upload:<id>} would answer.
   *
   * @param sessionId the session id, as returned by the create call
   * @return the offset, or empty when there is no such session
   */
  public java.util.OptionalLong offsetOf(String sessionId) {
    try {
      Long offset = server.offsetOf(sessionId);
      return offset == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(offset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every session the emulator holds, in the order they were created: what {@code GET
   * /_emulator/sessions} lists.
   *
   * @return the sessions
   */
  public java.util.List<EmulatedSession> sessions() {
    return server.sessions();
  }

  /**
   * The SHA-256 (hex) of the file a handle names, as it arrived.
   *
   * @param handle the handle
   * @return the checksum, or empty when the handle is unknown or the emulator is a sink
   */
  public java.util.Optional<String> sha256Of(String handle) {
    return java.util.Optional.ofNullable(server.sha256Of(handle));
  }

  /**
   * Expires a session now: every later call on it gets Graph's error 100, subcode 33.
   *
   * @param sessionId the session id, as returned by the create call
   * @return {@code false} if there is no such session
   */
  public boolean expireSession(String sessionId) {
    try {
      return server.expireSession(sessionId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Expires an access token now: every later call with it gets Graph's error 190, subcode 463.
   *
   * @param token the token
   */
  public void expireToken(String token) {
    server.tokens().expire(token);
  }

  /** Stops listening and, if the data directory was a temporary one, deletes it. */
  @Override
  public void close() {
    server.close();
    if (ownsDataDirectory) {
      try (Stream<Path> files = Files.walk(config.dataDirectory())) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // a leftover temporary directory is not worth failing a close for
      }
    }
  }

  @Override
  public String toString() {
    return "GraphEmulator["
        + baseUrl()
        + ", data "
        + config.dataDirectory()
        + (config.sink() ? ", sink" : "")
        + (config.connectionBandwidth() > 0
            ? ", " + config.connectionBandwidth() + " B/s per connection"
            : "")
        + "]";
  }

  /** Configures a {@link GraphEmulator}; each value is checked as it is set. Not thread safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private long connectionBandwidth;
    private int port;
    private Path dataDirectory;
    private Set<String> appIds = Set.of(DEFAULT_APP_ID);
    private Set<String> tokens = Set.of(DEFAULT_TOKEN);
    private long maxFileLength = 64L * 1024 * 1024 * 1024;
    private Duration sessionLifetime = Duration.ofDays(1);
    private Duration handleLifetime = Duration.ofDays(30);
    private boolean sink;
    private OffsetMismatch offsetMismatch = OffsetMismatch.REFUSE;
    private GraphProfile profile = GraphProfile.CLASSIC;
    private boolean tls;
    private Path tlsCertificate;
    private Path tlsKey;
    private ConcurrentWriters concurrentWriters = ConcurrentWriters.NEWER_WINS;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int maxHeaderBytes = 16 * 1024;
    private int ioThreads = 2;
    private Clock clock = Clock.systemUTC();
    private FaultSettings faults = FaultSettings.none();

    private Builder() {}

    /**
     * The address to listen on; default {@code 127.0.0.1}.
     *
     * @param value a host name or address
     * @return this builder
     */
    public Builder host(String value) {
      this.host = Objects.requireNonNull(value, "host");
      return this;
    }

    /**
     * The port; 0 (the default) picks a free one.
     *
     * @param value 0 to 65535
     * @return this builder
     */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("A port is 0 to 65535: " + value);
      }
      this.port = value;
      return this;
    }

    /**
     * Where sessions and bytes are kept, so that they survive a restart; default a new temporary
     * directory, deleted on close.
     *
     * @param value the directory, created if missing
     * @return this builder
     */
    public Builder dataDirectory(Path value) {
      this.dataDirectory = Objects.requireNonNull(value, "dataDirectory");
      return this;
    }

    /**
     * The accepted app ids; the first is reported by {@link GraphEmulator#appId()}.
     *
     * @param values one or more app ids (digits)
     * @return this builder
     */
    public Builder appIds(String... values) {
      this.appIds = nonEmpty(values, "app id", "[0-9]{1,32}");
      return this;
    }

    /**
     * The accepted access tokens; the first is reported by {@link GraphEmulator#token()}.
     *
     * @param values one or more tokens
     * @return this builder
     */
    public Builder tokens(String... values) {
      this.tokens = nonEmpty(values, "token", "[\\x21-\\x7e]{1,512}");
      return this;
    }

    /**
     * The largest {@code file_length} accepted; default 64 GiB.
     *
     * @param bytes a positive length
     * @return this builder
     */
    public Builder maxFileLength(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxFileLength must be positive");
      }
      this.maxFileLength = bytes;
      return this;
    }

    /**
     * How long a session lives after its creation; default 1 day.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder sessionLifetime(Duration value) {
      this.sessionLifetime = positive(value, "sessionLifetime");
      return this;
    }

    /**
     * How long a handle is valid (its {@code e:} part); default 30 days.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder handleLifetime(Duration value) {
      this.handleLifetime = positive(value, "handleLifetime");
      return this;
    }

    /**
     * Count bytes and keep none (for benchmarks); the admin API's {@code sha256} is then null.
     *
     * @param value {@code true} for a sink
     * @return this builder
     */
    public Builder sink(boolean value) {
      this.sink = value;
      return this;
    }

    /**
     * What to do with a {@code file_offset} that differs from the server's; default refuse.
     *
     * @param value the behaviour
     * @return this builder
     */
    public Builder offsetMismatch(OffsetMismatch value) {
      this.offsetMismatch = Objects.requireNonNull(value, "offsetMismatch");
      return this;
    }

    /**
     * The reply to a send that leaves bytes to come; default {@code {"id","file_offset"}}.
     *
     * @param value the behaviour
     * @return this builder
     */
    public Builder partialReply(PartialReply value) {
      this.profile = new GraphProfile(profile.handles(), profile.mismatch(), value);
      return this;
    }

    /**
     * The answers where Graph is undocumented, chosen together; default {@link
     * GraphProfile#CLASSIC}. The single setters below change one part of it.
     *
     * @param value the profile
     * @return this builder
     */
    public Builder profile(GraphProfile value) {
      this.profile = Objects.requireNonNull(value, "profile");
      return this;
    }

    /**
     * The shape of file handles; default {@link HandleFormat#V2}.
     *
     * @param value the shape
     * @return this builder
     */
    public Builder handleFormat(HandleFormat value) {
      this.profile = new GraphProfile(value, profile.mismatch(), profile.partialReply());
      return this;
    }

    /**
     * How an offset mismatch is spelled; default {@link MismatchError#CODE_100}.
     *
     * @param value the spelling
     * @return this builder
     */
    public Builder mismatchError(MismatchError value) {
      this.profile = new GraphProfile(profile.handles(), value, profile.partialReply());
      return this;
    }

    /**
     * What a second concurrent send to one session does; default the newer wins.
     *
     * @param value the behaviour
     * @return this builder
     */
    public Builder concurrentWriters(ConcurrentWriters value) {
      this.concurrentWriters = Objects.requireNonNull(value, "concurrentWriters");
      return this;
    }

    /**
     * How long a connection may stay silent before it is closed; default 60 seconds.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder idleTimeout(Duration value) {
      this.idleTimeout = positive(value, "idleTimeout");
      return this;
    }

    /**
     * The most header bytes a request may carry; default 16 KiB.
     *
     * @param value at least 1024
     * @return this builder
     */
    public Builder maxHeaderBytes(int value) {
      if (value < 1024) {
        throw new IllegalArgumentException("maxHeaderBytes must be at least 1024");
      }
      this.maxHeaderBytes = value;
      return this;
    }

    /**
     * Event-loop threads; default 2.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder ioThreads(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("ioThreads must be at least 1");
      }
      this.ioThreads = value;
      return this;
    }

    /**
     * The time used for expiry; default the system clock.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Serves HTTPS (ALPN {@code h2} and {@code http/1.1}) with a certificate generated at start for
     * {@code localhost}, {@code 127.0.0.1} and {@code ::1}, signed by a CA of its own whose PEM
     * file {@link GraphEmulator#caCertificate()} names; default plain HTTP.
     *
     * @param value {@code true} for HTTPS
     * @return this builder
     */
    public Builder tls(boolean value) {
      this.tls = value;
      this.tlsCertificate = null;
      this.tlsKey = null;
      return this;
    }

    /**
     * Serves HTTPS with the caller's certificate chain and private key (PEM files; the key in
     * PKCS#8). {@link GraphEmulator#caCertificate()} then names the certificate file.
     *
     * @param certificate the certificate chain
     * @param key the private key
     * @return this builder
     */
    public Builder tls(Path certificate, Path key) {
      this.tls = true;
      this.tlsCertificate = Objects.requireNonNull(certificate, "certificate");
      this.tlsKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * The most body bytes per second one connection may send, as a link per client would allow:
     * more connections then move more bytes, unlike the cap of {@link FaultSettings#withBandwidth},
     * which all connections share. 0 (the default) sets no cap.
     *
     * @param bytesPerSecond the cap, {@code >= 0}
     * @return this builder
     */
    public Builder connectionBandwidth(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException("a bandwidth cannot be negative: " + bytesPerSecond);
      }
      this.connectionBandwidth = bytesPerSecond;
      return this;
    }

    /**
     * The faults at start (changeable later); default none.
     *
     * @param value the settings
     * @return this builder
     */
    public Builder faults(FaultSettings value) {
      this.faults = Objects.requireNonNull(value, "faults");
      return this;
    }

    /**
     * Starts the emulator.
     *
     * @return the running emulator
     * @throws UncheckedIOException if the data directory cannot be used or the port is taken
     */
    public GraphEmulator build() {
      boolean temporary = dataDirectory == null;
      try {
        Path data = temporary ? Files.createTempDirectory("graph-emulator-") : dataDirectory;
        TlsMaterial material = null;
        if (tls && tlsCertificate != null) {
          material = new TlsMaterial(tlsCertificate, tlsKey, tlsCertificate);
        } else if (tls) {
          material = TlsMaterial.generate(data.resolve("tls"));
        }
        EmulatorConfig config =
            new EmulatorConfig(
                host,
                port,
                data,
                appIds,
                tokens,
                maxFileLength,
                sessionLifetime,
                handleLifetime,
                sink,
                offsetMismatch,
                profile,
                concurrentWriters,
                idleTimeout,
                maxHeaderBytes,
                ioThreads,
                clock,
                material,
                connectionBandwidth);
        return new GraphEmulator(EmulatorServer.start(config, faults), config, temporary);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start the emulator: " + e.getMessage(), e);
      }
    }

    private static Set<String> nonEmpty(String[] values, String what, String shape) {
      if (values == null || values.length == 0) {
        throw new IllegalArgumentException("At least one " + what + " is needed");
      }
      for (String value : List.of(values)) {
        if (value == null || !value.matches(shape)) {
          throw new IllegalArgumentException("Not a valid " + what + ": '" + value + "'");
        }
      }
      return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return value;
    }
  }
}
