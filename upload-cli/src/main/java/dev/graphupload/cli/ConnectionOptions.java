package dev.graphupload.cli;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.store.SessionStoreException;
import dev.graphupload.core.transport.Endpoints;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.emulator.GraphEmulatorBuilder;
import dev.graphupload.storage.file.FileSessionStore;
import dev.graphupload.storage.redis.RedisSessionStore;
import dev.graphupload.storage.redis.RedisSessionStoreBuilder;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import dev.graphupload.transport.jdk.JdkHttpTransportBuilder;
import dev.graphupload.transport.netty.NettyHttpTransport;
import dev.graphupload.transport.netty.NettyHttpTransportBuilder;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where to upload and with what: the options {@code upload}, {@code status} and {@code sessions}
 * share, and the uploader, transport and store built from them by hand with their builders, as the
 * README's first example: a one-file run loads no injector, and only the adapters it uses (the JDK
 * transport never loads Netty, a directory store never loads Lettuce).
 */
final class ConnectionOptions {

  @Option(
      names = "--app-id",
      paramLabel = "ID",
      description = "The Meta app id (digits); default $GRAPH_APP_ID.")
  String appId;

  @Option(
      names = "--token",
      paramLabel = "T",
      description = "The access token; default $GRAPH_ACCESS_TOKEN.")
  String token;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description =
          "Scheme, host and port of the Graph API; default $GRAPH_UPLOAD_BASE_URL, else https://graph.facebook.com.")
  String baseUrl;

  @Option(
      names = "--api-version",
      paramLabel = "V",
      defaultValue = "v24.0",
      description = "The Graph API version; default ${DEFAULT-VALUE}.")
  String apiVersion;

  @Option(
      names = "--transport",
      paramLabel = "jdk|netty",
      defaultValue = "jdk",
      description = "The HTTP transport; default ${DEFAULT-VALUE}.")
  String transport;

  @Option(
      names = "--store",
      paramLabel = "DIR|redis://HOST:PORT|memory",
      description =
          "Where session records live; default $GRAPH_UPLOAD_STORE, else $GRAPH_UPLOAD_HOME/sessions, else $HOME/.graph-upload/sessions.")
  String store;

  @Option(
      names = "--allow-insecure-http",
      description =
          "Allow plain http:// to a host that is not loopback (the token then crosses the network in clear).")
  boolean allowInsecureHttp;

  @Option(
      names = "--ca-cert",
      paramLabel = "PEM",
      description =
          "Trust only the certificates in this PEM file for https:// (a private CA, or the ca-cert the emulator prints with --tls).")
  Path caCert;

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      description =
          "Failures in a row (since the server last confirmed bytes) before giving up; default $GRAPH_UPLOAD_MAX_ATTEMPTS, else 8.")
  String maxAttempts;

  @Option(names = "--verbose", description = "Show informational logs, and stack traces of errors.")
  boolean verbose;

  /**
   * Opens the store alone (no uploader, no emulator), runs {@code use} on it, and closes it: for
   * the commands that only read or clear records.
   *
   * @param use what to do with the store
   * @param <T> its result
   * @return the result
   */
  <T> T withStore(java.util.function.Function<SessionStore, T> use) {
    SessionStore store;
    try {
      store = openStore();
    } catch (IllegalArgumentException | SessionStoreException e) {
      throw new UsageException(e.getMessage());
    }
    try {
      return use.apply(store);
    } finally {
      if (store instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // closing a store connection at exit
        }
      }
    }
  }

  /** Whether the upload keeps and compares digests of the content (--verify-content). */
  boolean verifyContent;

  /** The Redis store's lease time, when the command sets one (--lease); else the store's own. */
  Duration leaseTime;

  /** How soon a worker that died lets go of its files, for messages about held files. */
  String leaseNote() {
    String where = storeLocation();
    if (where.startsWith("redis://") || where.startsWith("rediss://")) {
      return "one that died lets go when its lease lapses, within "
          + Sizes.duration(leaseTime == null ? Duration.ofSeconds(30) : leaseTime)
          + " (--lease)";
    }
    if (where.equals("memory")) {
      return "the memory store is this process's own";
    }
    return "one that died has let go already: the system frees a dead process's locks";
  }

  /** A running uploader and what it needs closing. */
  static final class Connection implements AutoCloseable {
    final GraphUploader uploader;
    final SessionStore store;
    final dev.graphupload.core.transport.HttpTransport transport;
    final GraphEmulator emulator;

    Connection(
        GraphUploader uploader,
        SessionStore store,
        dev.graphupload.core.transport.HttpTransport transport,
        GraphEmulator emulator) {
      this.uploader = uploader;
      this.store = store;
      this.transport = transport;
      this.emulator = emulator;
    }

    @Override
    public void close() {
      uploader.close();
      closeQuietly(transport, store, emulator);
    }
  }

  /** Where records live: the --store value, else the data home's sessions directory. */
  String storeLocation() {
    return store == null ? DataHome.resolve().resolve("sessions").toString() : store;
  }

  /** Whether the store is a directory (not memory, not Redis). */
  boolean isDirectoryStore() {
    String where = storeLocation();
    return !where.equals("memory")
        && !where.startsWith("redis://")
        && !where.startsWith("rediss://");
  }

  /** The store the options name; each kind in its own method, so only that one's classes load. */
  SessionStore openStore() {
    String where = storeLocation();
    if (where.equals("memory")) {
      return new InMemorySessionStore();
    }
    if (where.startsWith("redis://") || where.startsWith("rediss://")) {
      return redisStore(where, leaseTime);
    }
    return FileSessionStore.open(Path.of(where));
  }

  private static SessionStore redisStore(String uri, Duration term) {
    RedisSessionStoreBuilder builder = RedisSessionStore.builder().uri(uri);
    if (term != null) {
      builder.leaseTime(term).renewInterval(term.dividedBy(3));
    }
    return builder.build();
  }

  private HttpTransport openTransport() {
    switch (transport) {
      case "jdk":
        return jdkTransport(allowInsecureHttp, caCert);
      case "netty":
        return nettyTransport(allowInsecureHttp, caCert);
      default:
        throw new UsageException("unknown transport '" + transport + "'; use jdk or netty");
    }
  }

  private static HttpTransport jdkTransport(boolean allowInsecureHttp, Path caCert) {
    JdkHttpTransportBuilder builder =
        JdkHttpTransport.builder().allowInsecureHttp(allowInsecureHttp);
    return (caCert == null ? builder : builder.trustedCertificates(caCert)).build();
  }

  private static HttpTransport nettyTransport(boolean allowInsecureHttp, Path caCert) {
    NettyHttpTransportBuilder builder =
        NettyHttpTransport.builder().allowInsecureHttp(allowInsecureHttp);
    return (caCert == null ? builder : builder.trustedCertificates(caCert)).build();
  }

  Connection connect(ChunkPolicy chunks, PrintStream notices) {
    String secret = token != null ? token : System.getenv("GRAPH_ACCESS_TOKEN");
    if (secret != null && secret.isBlank()) {
      secret = null;
    }
    RetryPolicy retries = retryPolicy(); // checked here, not inside the wiring, to name the flag
    if (caCert != null) {
      try {
        dev.graphupload.core.transport.TrustedCertificates.trustManagers(caCert);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--ca-cert: " + e.getMessage());
      }
    }
    if (!transport.equals("jdk") && !transport.equals("netty")) {
      throw new UsageException("unknown transport '" + transport + "'; use jdk or netty");
    }
    GraphEmulator emulator = null;
    URI endpoint;
    String app = appId;
    if (secret == null && baseUrl == null) {
      try {
        emulator = EmbeddedEmulator.start(appId);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      endpoint = emulator.baseUrl();
      secret = emulator.token();
      app = emulator.appId();
      notices.println(
          "No token and no --base-url: uploading to a local Graph emulator at "
              + endpoint
              + " (data in "
              + emulator.dataDirectory()
              + ")");
    } else {
      endpoint = endpoint(baseUrl);
      if (secret == null) {
        throw new UsageException("no access token: pass --token or set GRAPH_ACCESS_TOKEN");
      }
      if (app == null) {
        throw new UsageException("--app-id is needed to upload to " + endpoint);
      }
    }
    Secrets.remember(secret);
    HttpTransport sender = null;
    SessionStore records = null;
    try {
      AppId appIdValue = AppId.of(app);
      AccessToken tokenValue = AccessToken.of(secret);
      ApiVersion version = ApiVersion.of(apiVersion);
      sender = openTransport();
      records = openStore();
      GraphUploader uploader =
          GraphUploader.builder()
              .transport(sender)
              .store(records)
              .endpoint(endpoint)
              .allowInsecureHttp(allowInsecureHttp)
              .appId(appIdValue)
              .accessToken(tokenValue)
              .apiVersion(version)
              .chunkPolicy(chunks)
              .retryPolicy(retries)
              .verifyContent(verifyContent)
              .build();
      return new Connection(uploader, records, sender, emulator);
    } catch (IllegalArgumentException | SessionStoreException e) {
      closeQuietly(sender, records, emulator);
      throw new UsageException(e.getMessage());
    } catch (RuntimeException e) {
      closeQuietly(sender, records, emulator);
      throw e;
    }
  }

  private static void closeQuietly(
      HttpTransport transport, SessionStore store, GraphEmulator emulator) {
    if (transport != null) {
      transport.close();
    }
    if (store instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing a store connection at exit, or one that failed to wire: nothing to protect
      }
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private URI endpoint(String url) {
    if (url == null) {
      return GraphUploader.DEFAULT_ENDPOINT;
    }
    if (!url.contains("://")) {
      throw new UsageException(
          "--base-url '"
              + url
              + "' has no scheme: write it as https://"
              + url
              + " (or http:// for a local emulator)");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new UsageException("--base-url '" + url + "' is not a URL: " + e.getReason());
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new UsageException(
          "--base-url '"
              + url
              + "' must be http(s)://HOST[:PORT], such as https://graph.facebook.com");
    }
    if (!Endpoints.isAllowed(uri, allowInsecureHttp)) {
      throw new UsageException(Endpoints.refusal(uri) + " (--allow-insecure-http)");
    }
    return uri;
  }

  /** Retries by the library's defaults; --max-attempts (or its variable) sets the attempts. */
  private RetryPolicy retryPolicy() {
    if (maxAttempts == null || maxAttempts.isBlank()) {
      return RetryPolicy.ofDefaults();
    }
    try {
      return RetryPolicy.custom().maxAttempts(Integer.parseInt(maxAttempts.trim())).build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--max-attempts (or GRAPH_UPLOAD_MAX_ATTEMPTS) must be a whole number of at least 1;"
              + " got '"
              + maxAttempts
              + "'");
    }
  }

  /**
   * The embedded emulator: a fixed data directory and, when free, a fixed port, so reruns resume.
   */
  static final class EmbeddedEmulator {
    static final int PORT = 8089;

    private EmbeddedEmulator() {}

    static GraphEmulator start(String appId) {
      Path data = DataHome.resolve().resolve("emulator");
      GraphEmulatorBuilder builder = GraphEmulator.builder().dataDirectory(data);
      if (appId != null) {
        builder.appIds(appId);
      }
      try {
        return builder.port(PORT).build();
      } catch (Exception e) { // a bind failure can arrive as a checked BindException
        if (isBindFailure(e)) {
          return builder.port(0).build();
        }
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }

    private static boolean isBindFailure(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof java.net.BindException
            || String.valueOf(t.getMessage()).contains("Address already in use")) {
          return true;
        }
      }
      return false;
    }
  }
}
