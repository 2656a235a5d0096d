package dev.graphupload.spring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * The {@code graph-upload.*} properties from which the starter builds one {@code GraphUploader}.
 *
 * <p>{@code graph-upload.access-token} is a secret: it is never logged, never part of {@link
 * #toString()}, and Actuator's {@code env} and {@code configprops} endpoints show it masked even
 * when they are set to show values.
 */
@ConfigurationProperties("graph-upload")
public class GraphUploadProperties {

  /** Whether the starter makes an uploader at all. */
  private boolean enabled = true;

  /** The Meta app id (digits) that owns the upload sessions. Required. */
  private String appId;

  /**
   * The access token (sensitive: never logged; masked by Actuator's env and configprops endpoints).
   * Required.
   */
  private String accessToken;

  /** Scheme, host and port of the Graph API; the emulator's base URL in tests. */
  private URI baseUrl = URI.create("https://graph.facebook.com");

  /** The Graph API version. */
  private String apiVersion = "v24.0";

  /**
   * Bytes per request, such as 8MB, or auto (requests sized to take about 5 s each, between 1MB and
   * 256MB); unset sends the rest of the file in one request.
   */
  private String chunkSize;

  /** The largest file (or source) an upload takes; unset keeps the library's limit, 16GB. */
  private DataSize maxFileSize;

  /** How long an upload waits for another worker's hold on the same file to end. */
  private Duration lockWait;

  /**
   * A PEM file of the only certificates trusted for https:// (a private CA, or the emulator's), as
   * a path or a resource such as classpath:graph-ca.pem; unset trusts the JDK's default
   * authorities.
   */
  private Resource caCertificate;

  /** Where uploads from a stream are spooled first; unset uses a private temporary directory. */
  private Path spoolDirectory;

  /** Failures in a row (since the server last confirmed bytes) before giving up. */
  private int maxAttempts = 8;

  /** The bound on a request without a body, and the base of a body's own bound. */
  private Duration requestTimeout = Duration.ofSeconds(60);

  /** A request that moves no byte for this long fails (and is retried). */
  private Duration idleTimeout = Duration.ofSeconds(60);

  /** Whether a handle counts only once the server confirms every byte (one query per upload). */
  private boolean verifyHandles = true;

  /** Whether digests of the content are kept and compared before a resume (a second read). */
  private boolean verifyContent;

  /** Allow plain http:// to a host that is not loopback (the token then crosses in clear). */
  private boolean allowInsecureHttp;

  private final Retry retry = new Retry();
  private final Transport transport = new Transport();
  private final Store store = new Store();

  /** How failures are retried, beyond graph-upload.max-attempts; unset keeps the library's. */
  public static class Retry {
    /** The retry budget: no retry starts once this long has passed since the last progress. */
    private Duration maxElapsed;

    /** The first wait after a transient failure. */
    private Duration initialBackoff;

    /** The longest wait between two tries. */
    private Duration maxBackoff;

    public Duration getMaxElapsed() {
      return maxElapsed;
    }

    public void setMaxElapsed(Duration maxElapsed) {
      this.maxElapsed = maxElapsed;
    }

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }
  }

  /** Which HTTP transport, and its settings. */
  public static class Transport {
    /** jdk or netty; unset picks netty when transport-netty is on the classpath, else jdk. */
    private String type;

    /** How long a connection may take to open. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /** Requests in flight at once (jdk), or connections per host (netty); unset: the default. */
    private Integer maxConnections;

    /** Event-loop threads (netty only); unset: the transport's default. */
    private Integer threads;

    /**
     * HTTP/2 to an https:// server that offers it (jdk only): many uploads share a connection, on
     * less CPU (docs/BENCHMARKS.md).
     */
    private boolean http2;

    public boolean isHttp2() {
      return http2;
    }

    public void setHttp2(boolean http2) {
      this.http2 = http2;
    }

    public Integer getMaxConnections() {
      return maxConnections;
    }

    public void setMaxConnections(Integer maxConnections) {
      this.maxConnections = maxConnections;
    }

    public Integer getThreads() {
      return threads;
    }

    public void setThreads(Integer threads) {
      this.threads = threads;
    }

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }
  }

  /** Where session records live, and the store's settings. */
  public static class Store {
    /**
     * memory, file or redis; unset picks redis when storage-redis is on the classpath and
     * graph-upload.store.redis.uri is set, else file.
     */
    private String type;

    private final File file = new File();
    private final Redis redis = new Redis();

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public File getFile() {
      return file;
    }

    public Redis getRedis() {
      return redis;
    }
  }

  /** The file store. */
  public static class File {
    /** The store's directory; unset means $HOME/.graph-upload/sessions. */
    private Path directory;

    public Path getDirectory() {
      return directory;
    }

    public void setDirectory(Path directory) {
      this.directory = directory;
    }
  }

  /** The Redis store. */
  public static class Redis {
    /** The Redis URI, such as redis://redis.internal:6379/0 (a password in it is masked too). */
    private String uri;

    /** The prefix of every key the store writes. */
    private String keyPrefix = "graph-upload:";

    /** How long a worker's hold on a file lasts unless renewed; a dead worker's lapses after it. */
    private Duration leaseTime = Duration.ofSeconds(30);

    public String getUri() {
      return uri;
    }

    public void setUri(String uri) {
      this.uri = uri;
    }

    public String getKeyPrefix() {
      return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    public Duration getLeaseTime() {
      return leaseTime;
    }

    public void setLeaseTime(Duration leaseTime) {
      this.leaseTime = leaseTime;
    }
  }

  public String getAppId() {
    return appId;
  }

  public void setAppId(String appId) {
    this.appId = appId;
  }

  public String getAccessToken() {
    return accessToken;
  }

  public void setAccessToken(String accessToken) {
    this.accessToken = accessToken;
  }

  public URI getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getChunkSize() {
    return chunkSize;
  }

  public void setChunkSize(String chunkSize) {
    this.chunkSize = chunkSize;
  }

  public DataSize getMaxFileSize() {
    return maxFileSize;
  }

  public void setMaxFileSize(DataSize maxFileSize) {
    this.maxFileSize = maxFileSize;
  }

  public Duration getLockWait() {
    return lockWait;
  }

  public void setLockWait(Duration lockWait) {
    this.lockWait = lockWait;
  }

  public Resource getCaCertificate() {
    return caCertificate;
  }

  public void setCaCertificate(Resource caCertificate) {
    this.caCertificate = caCertificate;
  }

  public Path getSpoolDirectory() {
    return spoolDirectory;
  }

  public void setSpoolDirectory(Path spoolDirectory) {
    this.spoolDirectory = spoolDirectory;
  }

  public Retry getRetry() {
    return retry;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  public Duration getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public boolean isVerifyHandles() {
    return verifyHandles;
  }

  public void setVerifyHandles(boolean verifyHandles) {
    this.verifyHandles = verifyHandles;
  }

  public boolean isVerifyContent() {
    return verifyContent;
  }

  public void setVerifyContent(boolean verifyContent) {
    this.verifyContent = verifyContent;
  }

  public boolean isAllowInsecureHttp() {
    return allowInsecureHttp;
  }

  public void setAllowInsecureHttp(boolean allowInsecureHttp) {
    this.allowInsecureHttp = allowInsecureHttp;
  }

  public Transport getTransport() {
    return transport;
  }

  public Store getStore() {
    return store;
  }

  @Override
  public String toString() {
    return "GraphUploadProperties[app "
        + appId
        + ", "
        + baseUrl
        + "/"
        + apiVersion
        + ", token "
        + (accessToken == null ? "unset" : "set")
        + "]";
  }
}
