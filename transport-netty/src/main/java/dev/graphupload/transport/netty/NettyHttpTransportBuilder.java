package dev.graphupload.transport.netty;

import dev.graphupload.core.transport.TrustedCertificates;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.TrustManagerFactory;

/** Configures a {@link NettyHttpTransport}; each value is checked as it is set. Not thread safe. */
public final class NettyHttpTransportBuilder {
  EventLoopGroup group;
  Class<? extends Channel> channelType;
  int threads = 2;
  boolean nativeTransport = true;
  int maxConnectionsPerHost = 64;
  Duration connectTimeout = Duration.ofSeconds(10);
  Duration closeTimeout = Duration.ofSeconds(10);
  boolean allowInsecureHttp;
  SslContext ssl;
  TrustManagerFactory trustManagers;
  SslProvider sslProvider;
  int maxResponseBytes = 1 << 20;

  NettyHttpTransportBuilder() {}

  /**
   * An event loop group of the caller's, and the socket channel type that goes with it; the
   * transport does not shut it down.
   *
   * @param value the group
   * @param socketChannelType such as {@code NioSocketChannel.class}
   * @return this builder
   */
  public NettyHttpTransportBuilder eventLoopGroup(
      EventLoopGroup value, Class<? extends Channel> socketChannelType) {
    this.group = Objects.requireNonNull(value, "eventLoopGroup");
    this.channelType = Objects.requireNonNull(socketChannelType, "socketChannelType");
    return this;
  }

  /**
   * Threads of the group the transport makes; default 2.
   *
   * @param value 1 to 256
   * @return this builder
   */
  public NettyHttpTransportBuilder threads(int value) {
    if (value < 1 || value > 256) {
      throw new IllegalArgumentException("threads must be 1 to 256: " + value);
    }
    this.threads = value;
    return this;
  }

  /**
   * Whether to use native epoll when it is available (default), or always NIO.
   *
   * @param value {@code false} for NIO
   * @return this builder
   */
  public NettyHttpTransportBuilder nativeTransport(boolean value) {
    this.nativeTransport = value;
    return this;
  }

  /**
   * The most connections to one host; further requests wait for a free one. Default 64.
   *
   * @param value at least 1
   * @return this builder
   */
  public NettyHttpTransportBuilder maxConnectionsPerHost(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("maxConnectionsPerHost must be at least 1: " + value);
    }
    this.maxConnectionsPerHost = value;
    return this;
  }

  /**
   * How long a connection may take to open; default 10 seconds.
   *
   * @param value a positive duration
   * @return this builder
   */
  public NettyHttpTransportBuilder connectTimeout(Duration value) {
    this.connectTimeout = positive(value, "connectTimeout");
    return this;
  }

  /**
   * How long {@link NettyHttpTransport#close()} waits for requests in flight; default 10 s.
   *
   * @param value a positive duration
   * @return this builder
   */
  public NettyHttpTransportBuilder closeTimeout(Duration value) {
    this.closeTimeout = positive(value, "closeTimeout");
    return this;
  }

  /**
   * Allows plain {@code http://} to hosts that are not loopback. Off by default.
   *
   * @param value {@code true} to allow it
   * @return this builder
   */
  public NettyHttpTransportBuilder allowInsecureHttp(boolean value) {
    this.allowInsecureHttp = value;
    return this;
  }

  /**
   * The TLS context for {@code https://} (for instance to trust a private CA); default the JDK's
   * trust store.
   *
   * @param value a client context
   * @return this builder
   */
  public NettyHttpTransportBuilder sslContext(SslContext value) {
    this.ssl = Objects.requireNonNull(value, "sslContext");
    return this;
  }

  /**
   * Trusts only the certificates of a PEM file for {@code https://} (a private CA, or the
   * emulator's {@code ca-cert}); default the JDK's trust store.
   *
   * @param pem a file of one or more PEM certificates
   * @return this builder
   * @throws IllegalArgumentException naming the file if it holds no readable certificate
   */
  public NettyHttpTransportBuilder trustedCertificates(Path pem) {
    this.trustManagers = TrustedCertificates.trustManagers(Objects.requireNonNull(pem, "pem"));
    this.ssl = null;
    return this;
  }

  /**
   * Which TLS implementation to use: {@code OPENSSL} (BoringSSL, from {@code
   * io.netty:netty-tcnative-boringssl-static}, which the application adds) or {@code JDK}. By
   * default OpenSSL when that library is on the class path, else the JDK's. OpenSSL encrypts with
   * less CPU (figures in docs/BENCHMARKS.md). Ignored with {@link #sslContext}.
   *
   * @param value the implementation
   * @return this builder
   */
  public NettyHttpTransportBuilder sslProvider(SslProvider value) {
    this.sslProvider = Objects.requireNonNull(value, "sslProvider");
    return this;
  }

  /**
   * The transport.
   *
   * @return a new transport
   */
  public NettyHttpTransport build() {
    return new NettyHttpTransport(this);
  }

  private static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }
}
