package dev.graphupload.emulator;

import dev.graphupload.emulator.internal.AdminGuard;
import dev.graphupload.emulator.internal.EmulatorConfig;
import dev.graphupload.emulator.internal.EmulatorServer;
import dev.graphupload.emulator.internal.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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

  GraphEmulator(EmulatorServer server, EmulatorConfig config, boolean ownsDataDirectory) {
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
  public static GraphEmulatorBuilder builder() {
    return new GraphEmulatorBuilder();
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
   * certificate given to {@link GraphEmulatorBuilder#tls(Path, Path)}.
   *
   * @return the file, or empty when the emulator speaks plain HTTP
   */
  public Optional<Path> caCertificate() {
    return Optional.ofNullable(config.tls()).map(TlsMaterial::caCertificate);
  }

  /**
   * The line the standalone emulator prints when it starts: {@code graph-upload emulator listening
   * on http://HOST:PORT app-id=ID token=T}, and with TLS {@code … listening on https://HOST:PORT
   * app-id=ID token=T ca-cert=PATH}; then {@code admin-token=T} when the admin API needs one, or
   * {@code admin=off}.
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
        + caCertificate().map(pem -> " ca-cert=" + pem).orElse("")
        + (config.adminEnabled()
            ? adminToken().map(t -> " admin-token=" + t).orElse("")
            : " admin=off");
  }

  /**
   * The token every call to the admin API must carry in the {@code X-Emulator-Admin-Token} header:
   * one given to the builder, or a random one when the emulator listens beyond loopback.
   *
   * @return the token, or empty when the admin API needs none (or is off)
   */
  public Optional<String> adminToken() {
    return config.adminEnabled() ? Optional.ofNullable(config.adminToken()) : Optional.empty();
  }

  /**
   * Whether the emulator listens beyond loopback, where others on the network reach it.
   *
   * @return {@code true} unless its address is a loopback one
   */
  public boolean exposed() {
    return !AdminGuard.isLoopback(config.host());
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
  public boolean awaitReceived(long bytes, Duration timeout) throws InterruptedException {
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
  public OptionalLong offsetOf(String sessionId) {
    try {
      Long offset = server.offsetOf(sessionId);
      return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
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
  public List<EmulatedSession> sessions() {
    return server.sessions();
  }

  /**
   * The SHA-256 (hex) of the file a handle names, as it arrived.
   *
   * @param handle the handle
   * @return the checksum, or empty when the handle is unknown or the emulator is a sink
   */
  public Optional<String> sha256Of(String handle) {
    return Optional.ofNullable(server.sha256Of(handle));
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
}
