package dev.graphupload.core;

import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionRecords;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.store.UploadLocks;
import dev.graphupload.core.transport.Endpoints;
import dev.graphupload.core.transport.HttpTransport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Configures a {@link GraphUploader}. Each value is checked as it is set. Not thread safe. {@link
 * #appId}, {@link #accessToken} and {@link #transport} are required.
 */
public final class GraphUploaderBuilder {
  URI endpoint = GraphUploader.DEFAULT_ENDPOINT;
  boolean allowInsecureHttp;
  ApiVersion apiVersion = ApiVersion.DEFAULT;
  AppId appId;
  AccessToken accessToken;
  HttpTransport transport;
  SessionRecords records;
  UploadLocks locks;
  ChunkPolicy chunkPolicy = ChunkPolicy.wholeRemainder();
  RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
  long maxFileLength = 16L * 1024 * 1024 * 1024;
  Path spoolDirectory =
      Path.of(System.getProperty("java.io.tmpdir"), "graph-upload-spool-" + Checks.userName());
  Duration requestTimeout = Duration.ofSeconds(60);
  long minBytesPerSecond = 16 * 1024;
  Duration sessionLifetime = Duration.ofDays(7);
  Duration handleLifetime = Duration.ofDays(1);
  Duration lockWait = Duration.ZERO;
  Clock clock = Clock.systemUTC();
  Ticker ticker = Ticker.system();
  Scheduler scheduler = Scheduler.system();
  RandomGenerator random = new Random();
  Executor executor;
  Executor storeExecutor;
  final List<UploadListener.Factory> listenerFactories = new ArrayList<>();
  boolean verifyHandles = true;
  boolean verifyContent;
  Duration idleTimeout = Duration.ofSeconds(60);

  GraphUploaderBuilder() {}

  /**
   * The Graph endpoint: scheme, host and port, such as {@code https://graph.facebook.com} or {@code
   * http://127.0.0.1:8089}; the API version is appended to it. Plain {@code http://} is accepted
   * for loopback hosts only, unless {@link #allowInsecureHttp} is set.
   *
   * @param value the base URL
   * @return this builder
   */
  public GraphUploaderBuilder endpoint(URI value) {
    this.endpoint = Endpoints.baseUrl(Objects.requireNonNull(value, "endpoint"));
    return this;
  }

  /**
   * Allows plain {@code http://} to a host that is not loopback, sending the token in clear text.
   * Off by default.
   *
   * @param value {@code true} to allow it
   * @return this builder
   */
  public GraphUploaderBuilder allowInsecureHttp(boolean value) {
    this.allowInsecureHttp = value;
    return this;
  }

  /**
   * The API version; default {@code v24.0}.
   *
   * @param value the version
   * @return this builder
   */
  public GraphUploaderBuilder apiVersion(ApiVersion value) {
    this.apiVersion = Objects.requireNonNull(value, "apiVersion");
    return this;
  }

  /**
   * The app that owns the upload sessions. Required.
   *
   * @param value the app id
   * @return this builder
   */
  public GraphUploaderBuilder appId(AppId value) {
    this.appId = Objects.requireNonNull(value, "appId");
    return this;
  }

  /**
   * The access token, sent only in the {@code Authorization} header. Required.
   *
   * @param value the token
   * @return this builder
   */
  public GraphUploaderBuilder accessToken(AccessToken value) {
    this.accessToken = Objects.requireNonNull(value, "accessToken");
    return this;
  }

  /**
   * The HTTP transport. Required. The uploader does not close it.
   *
   * @param value the transport
   * @return this builder
   */
  public GraphUploaderBuilder transport(HttpTransport value) {
    this.transport = Objects.requireNonNull(value, "transport");
    return this;
  }

  /**
   * Where session records are kept; default a new {@link InMemorySessionStore}, which does not
   * survive the process.
   *
   * @param value the store
   * @return this builder
   */
  public GraphUploaderBuilder store(SessionStore value) {
    Objects.requireNonNull(value, "store");
    return store(value, value);
  }

  /**
   * Where session records are kept and locks taken, for a store that implements only what the
   * upload engine uses (no listing or deleting); see {@link SessionStore}.
   *
   * @param records the records
   * @param locks the locks; a store used by one process can pass a {@link
   *     dev.graphupload.core.store.ProcessLocks}
   * @return this builder
   */
  public GraphUploaderBuilder store(SessionRecords records, UploadLocks locks) {
    this.records = Objects.requireNonNull(records, "records");
    this.locks = Objects.requireNonNull(locks, "locks");
    return this;
  }

  /**
   * How many bytes each request carries; default the whole remainder.
   *
   * @param value the policy
   * @return this builder
   */
  public GraphUploaderBuilder chunkPolicy(ChunkPolicy value) {
    this.chunkPolicy = Objects.requireNonNull(value, "chunkPolicy");
    return this;
  }

  /**
   * When to retry; default {@link RetryPolicy#ofDefaults()}.
   *
   * @param value the policy
   * @return this builder
   */
  public GraphUploaderBuilder retryPolicy(RetryPolicy value) {
    this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
    return this;
  }

  /**
   * The largest file accepted; default 16 GiB.
   *
   * @param bytes a positive length
   * @return this builder
   */
  public GraphUploaderBuilder maxFileLength(long bytes) {
    this.maxFileLength = Checks.positive(bytes, "maxFileLength");
    return this;
  }

  /**
   * Where a stream ({@link UploadRequest#ofStream}) is copied before it is uploaded: one file per
   * upload, 0600, deleted when the upload ends. Default: {@code graph-upload-spool-USER} in the
   * system's temporary directory (made 0700).
   *
   * @param value a directory; made if missing
   * @return this builder
   */
  public GraphUploaderBuilder spoolDirectory(Path value) {
    this.spoolDirectory = Objects.requireNonNull(value, "spoolDirectory").toAbsolutePath();
    return this;
  }

  /**
   * The timeout of a call without a body; a send gets this plus the time its bytes take at {@link
   * #minBytesPerSecond}. Default 60 seconds.
   *
   * @param value a positive duration
   * @return this builder
   */
  public GraphUploaderBuilder requestTimeout(Duration value) {
    this.requestTimeout = Checks.positive(value, "requestTimeout");
    return this;
  }

  /**
   * The slowest transfer rate a send may have before it times out; default 16 KiB/s.
   *
   * @param value bytes per second, positive
   * @return this builder
   */
  public GraphUploaderBuilder minBytesPerSecond(long value) {
    this.minBytesPerSecond = Checks.positive(value, "minBytesPerSecond");
    return this;
  }

  /**
   * How long an unfinished session's record is kept after its last progress; default 7 days (when
   * the server has forgotten a session, a new one starts anyway).
   *
   * @param value a positive duration
   * @return this builder
   */
  public GraphUploaderBuilder sessionLifetime(Duration value) {
    this.sessionLifetime = Checks.positive(value, "sessionLifetime");
    return this;
  }

  /**
   * How long a handle that carries no expiry of its own is reused; default 1 day.
   *
   * @param value a positive duration
   * @return this builder
   */
  public GraphUploaderBuilder handleLifetime(Duration value) {
    this.handleLifetime = Checks.positive(value, "handleLifetime");
    return this;
  }

  /**
   * How long an upload waits when another uploader (in this process, or in another one sharing the
   * store) is uploading the same file; default zero: fail at once with {@link
   * dev.graphupload.core.store.UploadLockedException}.
   *
   * @param value zero or a positive duration
   * @return this builder
   */
  public GraphUploaderBuilder lockWait(Duration value) {
    this.lockWait = Checks.notNegative(value, "lockWait");
    return this;
  }

  /**
   * The wall clock, which only stamps records and is compared with their stamps; default the system
   * clock. It never measures a duration: see {@link #ticker}.
   *
   * @param value the clock
   * @return this builder
   */
  public GraphUploaderBuilder clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * The monotonic clock that measures every duration (a send's time, the retry time limit, the lock
   * wait, the elapsed time); default {@link Ticker#system()}. The wall clock does not move it.
   *
   * @param value the ticker
   * @return this builder
   */
  public GraphUploaderBuilder ticker(Ticker value) {
    this.ticker = Objects.requireNonNull(value, "ticker");
    return this;
  }

  /**
   * How the uploader waits between retries; default {@link Scheduler#system()}.
   *
   * @param value the scheduler
   * @return this builder
   */
  public GraphUploaderBuilder scheduler(Scheduler value) {
    this.scheduler = Objects.requireNonNull(value, "scheduler");
    return this;
  }

  /**
   * The source of the backoff jitter; must be thread safe. Default a {@link Random}.
   *
   * @param value the generator
   * @return this builder
   */
  public GraphUploaderBuilder random(RandomGenerator value) {
    this.random = Objects.requireNonNull(value, "random");
    return this;
  }

  /**
   * Runs the uploader's steps; default a pool of two daemon threads that {@link
   * GraphUploader#close()} stops. Tasks are short and never block on the network or the store.
   *
   * @param value the executor, left running when the uploader closes
   * @return this builder
   */
  public GraphUploaderBuilder executor(Executor value) {
    this.executor = Objects.requireNonNull(value, "executor");
    return this;
  }

  /**
   * Runs the store's calls, which may block; default two daemon threads, let go after 30 s idle,
   * that {@link GraphUploader#close()} stops. A slow store serving many uploads wants more.
   *
   * @param value the executor, left running when the uploader closes
   * @return this builder
   */
  public GraphUploaderBuilder storeExecutor(Executor value) {
    this.storeExecutor = Objects.requireNonNull(value, "storeExecutor");
    return this;
  }

  /**
   * Adds a factory whose listener hears every upload this uploader runs, whatever listener the
   * upload itself was given (metrics, tracing, audit); see {@link UploadListener.Factory}. This is
   * the one way to hear every upload: each upload gets a listener of its own, made for its file, so
   * a listener always knows which upload its events belong to.
   *
   * @param factory makes one listener per upload
   * @return this builder
   */
  public GraphUploaderBuilder addListenerFactory(UploadListener.Factory factory) {
    this.listenerFactories.add(Objects.requireNonNull(factory, "factory"));
    return this;
  }

  /**
   * How long a request may go without a byte moving (written or read) before it fails as a
   * transient transport error and is retried; default 60 s. A request's whole time is bounded by
   * {@link #requestTimeout} plus its body at {@link #minBytesPerSecond}, which grows to hours for
   * large files: this is what notices a server that froze mid-body.
   *
   * @param value a positive duration
   * @return this builder
   */
  public GraphUploaderBuilder idleTimeout(Duration value) {
    this.idleTimeout = Checks.positive(value, "idleTimeout");
    return this;
  }

  /**
   * Whether a handle counts only once the server confirms it holds every byte of the file; default
   * {@code true}. The check is one query per upload, which counts against the app's rate limit.
   * Turned off, a handle is still never accepted while the body was not wholly written, nor for a
   * send that did not carry the file's last byte.
   *
   * @param value {@code false} to accept a handle without asking
   * @return this builder
   */
  public GraphUploaderBuilder verifyHandles(boolean value) {
    this.verifyHandles = value;
    return this;
  }

  /**
   * Whether the uploader proves a file's content before it resumes a session or reuses a handle;
   * default {@code false}.
   *
   * <p>Without it, a file counts as unchanged when its size, modification time, sampled bytes and
   * identity (device, inode, ctime) are. With it, the record also keeps the SHA-256 of the sent
   * bytes (at most about 128 ranges), and a later run compares the file with them: a file whose
   * only difference is its identity (a {@code chmod}, a hard link, a copy put back) is resumed or
   * reused when its content matches; one that differs starts a new session, naming the bytes that
   * differ. The cost: every byte is read once more and hashed, and again on each resume.
   *
   * @param value {@code true} to keep and compare digests of the content
   * @return this builder
   */
  public GraphUploaderBuilder verifyContent(boolean value) {
    this.verifyContent = value;
    return this;
  }

  /**
   * The uploader.
   *
   * @return a new uploader
   * @throws NullPointerException if the app id, token or transport is missing
   * @throws IllegalArgumentException if the endpoint is plain {@code http://} to a host that is not
   *     loopback and insecure HTTP was not allowed
   */
  public GraphUploader build() {
    return new GraphUploader(this);
  }
}
