package dev.graphupload.core;

import dev.graphupload.core.internal.GraphWire;
import dev.graphupload.core.internal.UploadContext;
import dev.graphupload.core.internal.UploadRun;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.Endpoints;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.TransportResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Uploads files to the Graph Resumable Upload API, resuming wherever an earlier attempt stopped.
 *
 * <pre>{@code
 * try (GraphUploader uploader = GraphUploader.builder()
 *     .appId(AppId.of("1234567890"))
 *     .accessToken(AccessToken.of(System.getenv("GRAPH_ACCESS_TOKEN")))
 *     .transport(transport)
 *     .store(store)
 *     .build()) {
 *   FileHandle handle = uploader.upload(Path.of("clip.mp4")).handle();
 * }
 * }</pre>
 *
 * <p>For each file: the file is checked (exists, regular, readable, not empty, within the size
 * limit, extension and content agree on a type Graph accepts); the store is asked for a session of
 * the same unchanged file; a completed one with a live handle is returned without sending a byte, a
 * live one is resumed from the server's offset, otherwise a new session is created and recorded
 * before the first byte. After any failure the uploader backs off by its {@link RetryPolicy}, asks
 * the server for its offset, and goes on from there. A file that changed since its session began is
 * never resumed: a new session starts and the listener is told why.
 *
 * <p>Thread safe: one uploader serves many uploads at once, each on its own session. Uploads hold
 * no thread while they wait on the network. Close the uploader to release the executor it made (a
 * caller's executor and the transport are left to the caller).
 */
public final class GraphUploader implements AutoCloseable {

  /** The Graph API's public endpoint. */
  public static final URI DEFAULT_ENDPOINT = URI.create("https://graph.facebook.com");

  private final UploadContext context;
  private final UploadListener defaultListener;
  private final ExecutorService ownedExecutor;

  private GraphUploader(Builder builder) {
    Objects.requireNonNull(builder.appId, "appId: set the Meta app id");
    Objects.requireNonNull(builder.accessToken, "accessToken: set the Graph access token");
    Objects.requireNonNull(builder.transport, "transport: choose an HttpTransport");
    checkSecure(builder.endpoint, builder.allowInsecureHttp);
    this.ownedExecutor = builder.executor == null ? newDefaultExecutor() : null;
    this.defaultListener = builder.listener;
    this.context =
        new UploadContext(
            builder.endpoint,
            builder.appId,
            builder.apiVersion,
            new GraphWire(
                builder.endpoint,
                builder.apiVersion,
                builder.accessToken,
                builder.requestTimeout,
                builder.minBytesPerSecond),
            builder.transport,
            builder.store != null ? builder.store : new InMemorySessionStore(builder.clock),
            builder.chunkPolicy,
            builder.retryPolicy,
            builder.maxFileLength,
            builder.sessionLifetime,
            builder.handleLifetime,
            builder.lockWait,
            builder.clock,
            builder.scheduler,
            builder.random,
            builder.executor == null ? ownedExecutor : builder.executor);
  }

  /**
   * A builder with the defaults: endpoint {@code https://graph.facebook.com}, API version {@code
   * v24.0}, an in-memory store, the whole remainder in one request, {@link
   * RetryPolicy#ofDefaults()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Uploads a file and waits for its handle.
   *
   * @param file the file
   * @return the result, with the handle
   * @throws GraphUploadException if the upload failed; the session record is kept, so a new call
   *     resumes where this one stopped
   * @throws UploadCancelledException if the calling thread was interrupted (its interrupt flag is
   *     set again)
   */
  public UploadResult upload(Path file) {
    return upload(file, defaultListener);
  }

  /**
   * Uploads a file and waits for its handle, telling {@code listener} what happens.
   *
   * @param file the file
   * @param listener told what happens, instead of the builder's listener
   * @return the result, with the handle
   * @throws GraphUploadException if the upload failed
   * @throws UploadCancelledException if the calling thread was interrupted
   */
  public UploadResult upload(Path file, UploadListener listener) {
    CompletableFuture<UploadResult> future = uploadAsync(file, listener);
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new UploadCancelledException(
          "The upload of " + file + " was interrupted; uploading it again resumes");
    } catch (CancellationException e) {
      throw new UploadCancelledException("The upload of " + file + " was cancelled");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GraphUploadException failure) {
        throw failure;
      }
      throw new GraphUploadException(
          "Unexpected failure: " + e.getCause(), FailureKind.FATAL, e.getCause());
    }
  }

  /**
   * Starts uploading a file.
   *
   * @param file the file
   * @return the result; it completes exceptionally with a {@link GraphUploadException}, and
   *     cancelling it stops the upload promptly (the session record is kept)
   */
  public CompletableFuture<UploadResult> uploadAsync(Path file) {
    return uploadAsync(file, defaultListener);
  }

  /**
   * Starts uploading a file, telling {@code listener} what happens.
   *
   * @param file the file
   * @param listener told what happens, instead of the builder's listener
   * @return the result; cancelling it stops the upload promptly
   */
  public CompletableFuture<UploadResult> uploadAsync(Path file, UploadListener listener) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(listener, "listener");
    return new UploadRun(context, file, listener).start();
  }

  /**
   * The session record the store holds for a file, as this uploader would look it up (same
   * endpoint, app id and absolute path). Reads nothing from the network.
   *
   * @param file the file
   * @return the record, or empty when there is none
   */
  public Optional<SessionRecord> storedSession(Path file) {
    return context.store().find(UploadKey.of(context.endpoint(), context.appId(), file));
  }

  /**
   * Asks the server how far a session got. Blocks for one request.
   *
   * @param session the session
   * @return the server's offset
   * @throws GraphUploadException if the server refuses (a {@link GraphApiException}, code 100
   *     subcode 33 when the session is unknown or expired) or cannot be reached
   */
  public FileOffset serverOffset(SessionId session) {
    try {
      TransportResponse response =
          context
              .transport()
              .execute(context.wire().queryOffset(session), BodyProgress.NONE)
              .get(context.wire().callTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
      return context.wire().readOffset(response, Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UploadCancelledException(
          "Interrupted while asking the server for the offset of " + session);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof GraphUploadException g
          ? g
          : new TransportException(
              "Could not ask the server for the offset of " + session, e.getCause());
    } catch (TimeoutException e) {
      throw new TransportException(
          "No reply when asking the server for the offset of " + session, e);
    }
  }

  /** Stops the executor this uploader created, if it created one. */
  @Override
  public void close() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }

  @Override
  public String toString() {
    return "GraphUploader["
        + context.endpoint()
        + "/"
        + context.apiVersion()
        + ", app "
        + context.appId()
        + "]";
  }

  private static ExecutorService newDefaultExecutor() {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        task -> {
          Thread thread = new Thread(task, "graph-upload-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    return Executors.newFixedThreadPool(2, threads);
  }

  private static void checkSecure(URI endpoint, boolean allowInsecureHttp) {
    if (!Endpoints.isAllowed(endpoint, allowInsecureHttp)) {
      throw new IllegalArgumentException(Endpoints.refusal(endpoint));
    }
  }

  /**
   * Configures a {@link GraphUploader}. Each value is checked as it is set. Not thread safe. {@link
   * #appId}, {@link #accessToken} and {@link #transport} are required.
   */
  public static final class Builder {
    private URI endpoint = DEFAULT_ENDPOINT;
    private boolean allowInsecureHttp;
    private ApiVersion apiVersion = ApiVersion.DEFAULT;
    private AppId appId;
    private AccessToken accessToken;
    private HttpTransport transport;
    private SessionStore store;
    private ChunkPolicy chunkPolicy = ChunkPolicy.wholeRemainder();
    private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
    private long maxFileLength = 16L * 1024 * 1024 * 1024;
    private Duration requestTimeout = Duration.ofSeconds(60);
    private long minBytesPerSecond = 16 * 1024;
    private Duration sessionLifetime = Duration.ofDays(7);
    private Duration handleLifetime = Duration.ofDays(1);
    private Duration lockWait = Duration.ZERO;
    private Clock clock = Clock.systemUTC();
    private Scheduler scheduler = Scheduler.system();
    private RandomGenerator random = new Random();
    private Executor executor;
    private UploadListener listener = UploadListener.NONE;

    private Builder() {}

    /**
     * The Graph endpoint: scheme, host and port, such as {@code https://graph.facebook.com} or
     * {@code http://127.0.0.1:8089}; the API version is appended to it. Plain {@code http://} is
     * accepted for loopback hosts only, unless {@link #allowInsecureHttp} is set.
     *
     * @param value the base URL
     * @return this builder
     */
    public Builder endpoint(URI value) {
      Objects.requireNonNull(value, "endpoint");
      if (!("https".equals(value.getScheme()) || "http".equals(value.getScheme()))
          || value.getHost() == null
          || value.getRawQuery() != null
          || value.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "The endpoint is a base URL such as https://graph.facebook.com; got " + value);
      }
      try {
        this.endpoint =
            new URI(
                value.getScheme(),
                null,
                value.getHost(),
                value.getPort(),
                value.getPath(),
                null,
                null);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("The endpoint is not a valid URL: " + value, e);
      }
      return this;
    }

    /**
     * Allows plain {@code http://} to a host that is not loopback, sending the token in clear text.
     * Off by default.
     *
     * @param value {@code true} to allow it
     * @return this builder
     */
    public Builder allowInsecureHttp(boolean value) {
      this.allowInsecureHttp = value;
      return this;
    }

    /**
     * The API version; default {@code v24.0}.
     *
     * @param value the version
     * @return this builder
     */
    public Builder apiVersion(ApiVersion value) {
      this.apiVersion = Objects.requireNonNull(value, "apiVersion");
      return this;
    }

    /**
     * The app that owns the upload sessions. Required.
     *
     * @param value the app id
     * @return this builder
     */
    public Builder appId(AppId value) {
      this.appId = Objects.requireNonNull(value, "appId");
      return this;
    }

    /**
     * The access token, sent only in the {@code Authorization} header. Required.
     *
     * @param value the token
     * @return this builder
     */
    public Builder accessToken(AccessToken value) {
      this.accessToken = Objects.requireNonNull(value, "accessToken");
      return this;
    }

    /**
     * The HTTP transport. Required. The uploader does not close it.
     *
     * @param value the transport
     * @return this builder
     */
    public Builder transport(HttpTransport value) {
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
    public Builder store(SessionStore value) {
      this.store = Objects.requireNonNull(value, "store");
      return this;
    }

    /**
     * How many bytes each request carries; default the whole remainder.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder chunkPolicy(ChunkPolicy value) {
      this.chunkPolicy = Objects.requireNonNull(value, "chunkPolicy");
      return this;
    }

    /**
     * When to retry; default {@link RetryPolicy#ofDefaults()}.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy value) {
      this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
      return this;
    }

    /**
     * The largest file accepted; default 16 GiB.
     *
     * @param bytes a positive length
     * @return this builder
     */
    public Builder maxFileLength(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxFileLength must be positive: " + bytes);
      }
      this.maxFileLength = bytes;
      return this;
    }

    /**
     * The timeout of a call without a body; a send gets this plus the time its bytes take at {@link
     * #minBytesPerSecond}. Default 60 seconds.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = positive(value, "requestTimeout");
      return this;
    }

    /**
     * The slowest transfer rate a send may have before it times out; default 16 KiB/s.
     *
     * @param value bytes per second, positive
     * @return this builder
     */
    public Builder minBytesPerSecond(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("minBytesPerSecond must be positive: " + value);
      }
      this.minBytesPerSecond = value;
      return this;
    }

    /**
     * How long an unfinished session's record is kept after its last progress; default 7 days.
     * Graph does not document how long sessions live: when the server has forgotten one, a new
     * session starts anyway.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder sessionLifetime(Duration value) {
      this.sessionLifetime = positive(value, "sessionLifetime");
      return this;
    }

    /**
     * How long a handle that carries no expiry of its own is reused; default 1 day.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder handleLifetime(Duration value) {
      this.handleLifetime = positive(value, "handleLifetime");
      return this;
    }

    /**
     * How long an upload waits when another uploader (in this process, or in another one sharing
     * the store) is uploading the same file; default zero: fail at once with {@link
     * dev.graphupload.core.store.UploadLockedException}.
     *
     * @param value zero or a positive duration
     * @return this builder
     */
    public Builder lockWait(Duration value) {
      Objects.requireNonNull(value, "lockWait");
      if (value.isNegative()) {
        throw new IllegalArgumentException("lockWait cannot be negative: " + value);
      }
      this.lockWait = value;
      return this;
    }

    /**
     * The time; default the system clock.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * How the uploader waits between retries; default {@link Scheduler#system()}.
     *
     * @param value the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler value) {
      this.scheduler = Objects.requireNonNull(value, "scheduler");
      return this;
    }

    /**
     * The source of the backoff jitter; must be thread safe. Default a {@link Random}.
     *
     * @param value the generator
     * @return this builder
     */
    public Builder random(RandomGenerator value) {
      this.random = Objects.requireNonNull(value, "random");
      return this;
    }

    /**
     * Runs the uploader's steps and store calls; default a pool of two daemon threads that {@link
     * GraphUploader#close()} stops. Tasks are short and never block on the network.
     *
     * @param value the executor, left running when the uploader closes
     * @return this builder
     */
    public Builder executor(Executor value) {
      this.executor = Objects.requireNonNull(value, "executor");
      return this;
    }

    /**
     * The listener of uploads started without one; default none.
     *
     * @param value the listener
     * @return this builder
     */
    public Builder listener(UploadListener value) {
      this.listener = Objects.requireNonNull(value, "listener");
      return this;
    }

    /**
     * The uploader.
     *
     * @return a new uploader
     * @throws NullPointerException if the app id, token or transport is missing
     * @throws IllegalArgumentException if the endpoint is plain {@code http://} to a host that is
     *     not loopback and insecure HTTP was not allowed
     */
    public GraphUploader build() {
      return new GraphUploader(this);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
