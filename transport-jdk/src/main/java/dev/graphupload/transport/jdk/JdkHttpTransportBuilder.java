package dev.graphupload.transport.jdk;

import dev.graphupload.core.transport.TrustedCertificates;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/** Configures a {@link JdkHttpTransport}; each value is checked as it is set. Not thread safe. */
public final class JdkHttpTransportBuilder {
  HttpClient client;
  Executor executor;
  HttpClient.Version version = HttpClient.Version.HTTP_1_1;
  Duration connectTimeout = Duration.ofSeconds(10);
  boolean allowInsecureHttp;
  int bufferSize = 1024 * 1024;
  int directBuffers = 8;
  int maxConcurrentRequests = 64;
  SSLContext sslContext;

  JdkHttpTransportBuilder() {}

  /**
   * A client of the caller's to send with, instead of one built from this builder's version,
   * connect timeout and executor. It should not follow redirects: a redirect to another host would
   * carry the token there.
   *
   * @param value the client
   * @return this builder
   */
  public JdkHttpTransportBuilder httpClient(HttpClient value) {
    this.client = Objects.requireNonNull(value, "httpClient");
    return this;
  }

  /**
   * The executor of the built client; default the JDK's. It stays the caller's: {@link
   * JdkHttpTransport#close()} does not shut it down, so a pool of non-daemon threads given here
   * keeps the JVM alive until its owner shuts it down.
   *
   * @param value the executor
   * @return this builder
   */
  public JdkHttpTransportBuilder executor(Executor value) {
    this.executor = Objects.requireNonNull(value, "executor");
    return this;
  }

  /**
   * HTTP/2 instead of HTTP/1.1 (the default).
   *
   * @param value {@code true} for HTTP/2
   * @return this builder
   */
  public JdkHttpTransportBuilder http2(boolean value) {
    this.version = value ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
    return this;
  }

  /**
   * How long a connection may take to open; default 10 seconds.
   *
   * @param value a positive duration
   * @return this builder
   */
  public JdkHttpTransportBuilder connectTimeout(Duration value) {
    Objects.requireNonNull(value, "connectTimeout");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + value);
    }
    this.connectTimeout = value;
    return this;
  }

  /**
   * Allows plain {@code http://} to hosts that are not loopback, sending the token in clear text.
   * Off by default.
   *
   * @param value {@code true} to allow it
   * @return this builder
   */
  public JdkHttpTransportBuilder allowInsecureHttp(boolean value) {
    this.allowInsecureHttp = value;
    return this;
  }

  /**
   * The size of each buffer read from the file; default 1 MiB. Memory per upload in flight is at
   * most three buffers (see {@link #directBuffers}).
   *
   * @param bytes 4 KiB to 16 MiB
   * @return this builder
   */
  public JdkHttpTransportBuilder bufferSize(int bytes) {
    if (bytes < 4096 || bytes > 16 * 1024 * 1024) {
      throw new IllegalArgumentException("bufferSize must be 4 KiB to 16 MiB: " + bytes);
    }
    this.bufferSize = bytes;
    return this;
  }

  /**
   * How many direct buffers (of {@link #bufferSize}) the transport keeps to read files into and
   * reuse across requests; default 8, at most three per request in flight, 0 for none. They save a
   * copy and an allocation per buffer sent: a large upload goes faster on less CPU (figures in
   * docs/BENCHMARKS.md). Used over plain HTTP/1.1 with the transport's own client only: over TLS,
   * HTTP/2 or a client of the caller's, each buffer is a new heap buffer. A request that finds none
   * free uses heap buffers; it never waits. They count against {@code -XX:MaxDirectMemorySize}.
   *
   * @param count 0 to 1024
   * @return this builder
   */
  public JdkHttpTransportBuilder directBuffers(int count) {
    if (count < 0 || count > 1024) {
      throw new IllegalArgumentException("directBuffers must be 0 to 1024: " + count);
    }
    this.directBuffers = count;
    return this;
  }

  /**
   * How many requests the transport has in flight at most; default 64. More wait, in the order
   * given, and start as others end; a request's timeout counts from when it starts. The JDK's
   * client opens a connection per request in flight and has no limit of its own: without one, a
   * thousand uploads at once meant a thousand connections, a thread for many of them, and a
   * connection pool whose bookkeeping grows with its size (docs/BENCHMARKS.md). Like the Netty
   * transport's {@code maxConnectionsPerHost}.
   *
   * @param value 1 to 10,000
   * @return this builder
   */
  public JdkHttpTransportBuilder maxConcurrentRequests(int value) {
    if (value < 1 || value > 10_000) {
      throw new IllegalArgumentException("maxConcurrentRequests must be 1 to 10,000: " + value);
    }
    this.maxConcurrentRequests = value;
    return this;
  }

  /**
   * Trusts only the certificates of a PEM file for {@code https://} (a private CA, or the
   * emulator's {@code ca-cert}); default the JDK's trust store. Ignored with {@link #httpClient}.
   *
   * @param pem a file of one or more PEM certificates
   * @return this builder
   * @throws IllegalArgumentException naming the file if it holds no readable certificate
   */
  public JdkHttpTransportBuilder trustedCertificates(Path pem) {
    this.sslContext = TrustedCertificates.sslContext(Objects.requireNonNull(pem, "pem"));
    return this;
  }

  /**
   * The transport.
   *
   * @return a new transport
   */
  public JdkHttpTransport build() {
    return new JdkHttpTransport(this);
  }
}
