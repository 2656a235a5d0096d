package dev.graphupload.emulator;

import dev.graphupload.emulator.internal.AdminGuard;
import dev.graphupload.emulator.internal.EmulatorConfig;
import dev.graphupload.emulator.internal.EmulatorServer;
import dev.graphupload.emulator.internal.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Configures a {@link GraphEmulator}; each value is checked as it is set. Not thread safe. */
public final class GraphEmulatorBuilder {
  String host = "127.0.0.1";
  boolean admin = true;
  String adminToken;
  long connectionBandwidth;
  int port;
  Path dataDirectory;
  Set<String> appIds = Set.of(GraphEmulator.DEFAULT_APP_ID);
  Set<String> tokens = Set.of(GraphEmulator.DEFAULT_TOKEN);
  long maxFileLength = 64L * 1024 * 1024 * 1024;
  Duration sessionLifetime = Duration.ofDays(1);
  Duration handleLifetime = Duration.ofDays(30);
  boolean sink;
  OffsetMismatch offsetMismatch = OffsetMismatch.REFUSE;
  GraphProfile profile = GraphProfile.CLASSIC;
  boolean tls;
  Path tlsCertificate;
  Path tlsKey;
  Instant tlsNotBefore;
  Instant tlsNotAfter;
  ConcurrentWriters concurrentWriters = ConcurrentWriters.NEWER_WINS;
  Duration idleTimeout = Duration.ofSeconds(60);
  int maxHeaderBytes = 16 * 1024;
  int ioThreads = 2;
  Clock clock = Clock.systemUTC();
  FaultSettings faults = FaultSettings.none();

  GraphEmulatorBuilder() {}

  /**
   * The address to listen on; default {@code 127.0.0.1}.
   *
   * @param value a host name or address
   * @return this builder
   */
  public GraphEmulatorBuilder host(String value) {
    this.host = Objects.requireNonNull(value, "host");
    return this;
  }

  /**
   * The port; 0 (the default) picks a free one.
   *
   * @param value 0 to 65535
   * @return this builder
   */
  public GraphEmulatorBuilder port(int value) {
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
  public GraphEmulatorBuilder dataDirectory(Path value) {
    this.dataDirectory = Objects.requireNonNull(value, "dataDirectory");
    return this;
  }

  /**
   * The accepted app ids; the first is reported by {@link GraphEmulator#appId()}.
   *
   * @param values one or more app ids (digits)
   * @return this builder
   */
  public GraphEmulatorBuilder appIds(String... values) {
    this.appIds = nonEmpty(values, "app id", "[0-9]{1,32}");
    return this;
  }

  /**
   * The accepted access tokens; the first is reported by {@link GraphEmulator#token()}.
   *
   * @param values one or more tokens
   * @return this builder
   */
  public GraphEmulatorBuilder tokens(String... values) {
    this.tokens = nonEmpty(values, "token", "[\\x21-\\x7e]{1,512}");
    return this;
  }

  /**
   * The largest {@code file_length} accepted; default 64 GiB.
   *
   * @param bytes a positive length
   * @return this builder
   */
  public GraphEmulatorBuilder maxFileLength(long bytes) {
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
  public GraphEmulatorBuilder sessionLifetime(Duration value) {
    this.sessionLifetime = positive(value, "sessionLifetime");
    return this;
  }

  /**
   * How long a handle is valid (its {@code e:} part); default 30 days.
   *
   * @param value a positive duration
   * @return this builder
   */
  public GraphEmulatorBuilder handleLifetime(Duration value) {
    this.handleLifetime = positive(value, "handleLifetime");
    return this;
  }

  /**
   * Count bytes and keep none (for benchmarks); the admin API's {@code sha256} is then null.
   *
   * @param value {@code true} for a sink
   * @return this builder
   */
  public GraphEmulatorBuilder sink(boolean value) {
    this.sink = value;
    return this;
  }

  /**
   * What to do with a {@code file_offset} that differs from the server's; default refuse.
   *
   * @param value the behaviour
   * @return this builder
   */
  public GraphEmulatorBuilder offsetMismatch(OffsetMismatch value) {
    this.offsetMismatch = Objects.requireNonNull(value, "offsetMismatch");
    return this;
  }

  /**
   * The reply to a send that leaves bytes to come; default {@code {"id","file_offset"}}.
   *
   * @param value the behaviour
   * @return this builder
   */
  public GraphEmulatorBuilder partialReply(PartialReply value) {
    this.profile = new GraphProfile(profile.handles(), profile.mismatch(), value);
    return this;
  }

  /**
   * The answers where Graph is undocumented, chosen together; default {@link GraphProfile#CLASSIC}.
   * The single setters below change one part of it.
   *
   * @param value the profile
   * @return this builder
   */
  public GraphEmulatorBuilder profile(GraphProfile value) {
    this.profile = Objects.requireNonNull(value, "profile");
    return this;
  }

  /**
   * The shape of file handles; default {@link HandleFormat#V2}.
   *
   * @param value the shape
   * @return this builder
   */
  public GraphEmulatorBuilder handleFormat(HandleFormat value) {
    this.profile = new GraphProfile(value, profile.mismatch(), profile.partialReply());
    return this;
  }

  /**
   * How an offset mismatch is spelled; default {@link MismatchError#CODE_100}.
   *
   * @param value the spelling
   * @return this builder
   */
  public GraphEmulatorBuilder mismatchError(MismatchError value) {
    this.profile = new GraphProfile(profile.handles(), value, profile.partialReply());
    return this;
  }

  /**
   * What a second concurrent send to one session does; default the newer wins.
   *
   * @param value the behaviour
   * @return this builder
   */
  public GraphEmulatorBuilder concurrentWriters(ConcurrentWriters value) {
    this.concurrentWriters = Objects.requireNonNull(value, "concurrentWriters");
    return this;
  }

  /**
   * How long a connection may stay silent before it is closed; default 60 seconds.
   *
   * @param value a positive duration
   * @return this builder
   */
  public GraphEmulatorBuilder idleTimeout(Duration value) {
    this.idleTimeout = positive(value, "idleTimeout");
    return this;
  }

  /**
   * The most header bytes a request may carry; default 16 KiB.
   *
   * @param value at least 1024
   * @return this builder
   */
  public GraphEmulatorBuilder maxHeaderBytes(int value) {
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
  public GraphEmulatorBuilder ioThreads(int value) {
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
  public GraphEmulatorBuilder clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * Serves HTTPS (ALPN {@code h2} and {@code http/1.1}) with a certificate generated at start for
   * {@code localhost}, {@code 127.0.0.1} and {@code ::1}, signed by a CA of its own whose PEM file
   * {@link GraphEmulator#caCertificate()} names; default plain HTTP.
   *
   * @param value {@code true} for HTTPS
   * @return this builder
   */
  public GraphEmulatorBuilder tls(boolean value) {
    this.tls = value;
    this.tlsCertificate = null;
    this.tlsKey = null;
    this.tlsNotBefore = null;
    this.tlsNotAfter = null;
    return this;
  }

  /**
   * Serves HTTPS with a generated certificate (as {@link #tls(boolean)}) valid only from {@code
   * notBefore} to {@code notAfter}, to see how a client meets an expired or not yet valid
   * certificate. Its CA, which {@link GraphEmulator#caCertificate()} names, stays valid.
   *
   * @param notBefore the first instant the certificate is valid
   * @param notAfter the last
   * @return this builder
   */
  public GraphEmulatorBuilder tlsValidity(Instant notBefore, Instant notAfter) {
    if (!notBefore.isBefore(notAfter)) {
      throw new IllegalArgumentException(
          "tlsValidity: notBefore ("
              + notBefore
              + ") must come before notAfter ("
              + notAfter
              + ")");
    }
    tls(true);
    this.tlsNotBefore = notBefore;
    this.tlsNotAfter = notAfter;
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
  public GraphEmulatorBuilder tls(Path certificate, Path key) {
    this.tls = true;
    this.tlsCertificate = Objects.requireNonNull(certificate, "certificate");
    this.tlsKey = Objects.requireNonNull(key, "key");
    return this;
  }

  /**
   * The most body bytes per second one connection may send, as a link per client would allow: more
   * connections then move more bytes, unlike the cap of {@link FaultSettings#withBandwidth}, which
   * all connections share. 0 (the default) sets no cap.
   *
   * @param bytesPerSecond the cap, {@code >= 0}
   * @return this builder
   */
  public GraphEmulatorBuilder connectionBandwidth(long bytesPerSecond) {
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
  public GraphEmulatorBuilder faults(FaultSettings value) {
    this.faults = Objects.requireNonNull(value, "faults");
    return this;
  }

  /**
   * Whether the admin API ({@code /_emulator/}) answers at all; default {@code true}.
   *
   * @param value {@code false} to turn it off
   * @return this builder
   */
  public GraphEmulatorBuilder admin(boolean value) {
    this.admin = value;
    return this;
  }

  /**
   * The token every admin call must carry in the {@code X-Emulator-Admin-Token} header. Default:
   * none on loopback; a random one when {@link #host} is not a loopback address.
   *
   * @param value at least 16 characters of letters, digits, {@code -} and {@code _}
   * @return this builder
   */
  public GraphEmulatorBuilder adminToken(String value) {
    if (value == null || !value.matches("[A-Za-z0-9_-]{16,}")) {
      throw new IllegalArgumentException("An admin token is at least 16 letters, digits, - or _");
    }
    this.adminToken = value;
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
        material =
            tlsNotBefore == null
                ? TlsMaterial.generate(data.resolve("tls"))
                : TlsMaterial.generate(data.resolve("tls"), tlsNotBefore, tlsNotAfter);
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
              connectionBandwidth,
              admin,
              !admin || adminToken != null || isLoopback(host) ? adminToken : randomToken());
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
    return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
  }

  private static boolean isLoopback(String host) {
    return AdminGuard.isLoopback(host);
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return value;
  }
}
