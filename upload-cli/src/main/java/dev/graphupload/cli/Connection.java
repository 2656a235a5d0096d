package dev.graphupload.cli;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.GraphUploaderBuilder;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.store.SessionStoreException;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import dev.graphupload.transport.jdk.JdkHttpTransportBuilder;
import dev.graphupload.transport.netty.NettyHttpTransport;
import dev.graphupload.transport.netty.NettyHttpTransportBuilder;
import java.net.URI;
import java.nio.file.Path;

/**
 * A running uploader and what it needs closing: wired by hand with the builders, as the README's
 * first example, so a one-file run loads no injector and only the adapters it uses (the JDK
 * transport never loads Netty).
 */
final class Connection implements AutoCloseable {

  final GraphUploader uploader;
  final SessionStore store;
  final HttpTransport transport;
  final GraphEmulator emulator;

  private Connection(
      GraphUploader uploader, SessionStore store, HttpTransport transport, GraphEmulator emulator) {
    this.uploader = uploader;
    this.store = store;
    this.transport = transport;
    this.emulator = emulator;
  }

  /**
   * Wires the uploader the options describe, to {@code endpoint} (checked already).
   *
   * @param options the transport, store and API version (all checked already)
   * @param emulator the embedded emulator the endpoint belongs to, or {@code null}; closed with the
   *     connection, or at once if the wiring fails
   * @throws UsageException if a value is refused, naming it
   */
  static Connection open(
      ConnectionOptions options,
      URI endpoint,
      String appId,
      String token,
      ChunkPolicy chunks,
      RetryPolicy retries,
      GraphEmulator emulator) {
    HttpTransport sender = null;
    SessionStore records = null;
    try {
      AppId app = AppId.of(appId);
      AccessToken secret = AccessToken.of(token);
      ApiVersion version = ApiVersion.of(options.apiVersion);
      sender = transport(options);
      try {
        records = options.location().open(options.leaseTime);
      } catch (SessionStoreException e) {
        throw UsageException.storeUnavailable(e.getMessage());
      }
      GraphUploaderBuilder builder =
          GraphUploader.builder()
              .transport(sender)
              .store(records)
              .endpoint(endpoint)
              .allowInsecureHttp(options.allowInsecureHttp)
              .appId(app)
              .accessToken(secret)
              .apiVersion(version)
              .chunkPolicy(chunks)
              .retryPolicy(retries)
              .verifyContent(options.verifyContent);
      if (options.maxFileLength != null) {
        builder.maxFileLength(options.maxFileLength);
      }
      GraphUploader uploader = builder.build();
      return new Connection(uploader, records, sender, emulator);
    } catch (IllegalArgumentException | SessionStoreException e) {
      closeQuietly(sender, records, emulator);
      throw new UsageException(e.getMessage());
    } catch (RuntimeException e) {
      closeQuietly(sender, records, emulator);
      throw e;
    }
  }

  /**
   * The transport the options name; each in its own method, so only that one's classes load.
   *
   * @param options the checked options
   * @return a new transport
   */
  static HttpTransport transport(ConnectionOptions options) {
    return switch (options.transport) {
      case "jdk" -> jdkTransport(options.allowInsecureHttp, options.caCert, options.http2);
      case "netty" -> nettyTransport(options.allowInsecureHttp, options.caCert);
      default ->
          throw new UsageException(
              "unknown transport '" + options.transport + "'; use jdk or netty");
    };
  }

  private static HttpTransport jdkTransport(boolean allowInsecureHttp, Path caCert, boolean h2) {
    JdkHttpTransportBuilder builder =
        JdkHttpTransport.builder().allowInsecureHttp(allowInsecureHttp).http2(h2);
    return (caCert == null ? builder : builder.trustedCertificates(caCert)).build();
  }

  private static HttpTransport nettyTransport(boolean allowInsecureHttp, Path caCert) {
    NettyHttpTransportBuilder builder =
        NettyHttpTransport.builder().allowInsecureHttp(allowInsecureHttp);
    return (caCert == null ? builder : builder.trustedCertificates(caCert)).build();
  }

  @Override
  public void close() {
    uploader.close();
    closeQuietly(transport, store, emulator);
  }

  /** Closes a store of any kind (a Redis connection, say), ignoring what closing throws. */
  static void closeQuietly(SessionStore store) {
    if (store instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing a store connection at exit, or one that failed to wire: nothing to protect
      }
    }
  }

  private static void closeQuietly(
      HttpTransport transport, SessionStore store, GraphEmulator emulator) {
    if (transport != null) {
      transport.close();
    }
    closeQuietly(store);
    if (emulator != null) {
      emulator.close();
    }
  }
}
