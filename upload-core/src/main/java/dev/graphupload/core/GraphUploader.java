package dev.graphupload.core;

import dev.graphupload.core.internal.Calls;
import dev.graphupload.core.internal.Failures;
import dev.graphupload.core.internal.GraphWire;
import dev.graphupload.core.internal.PlainHttpCheck;
import dev.graphupload.core.internal.Reply;
import dev.graphupload.core.internal.Spool;
import dev.graphupload.core.internal.UploadContext;
import dev.graphupload.core.internal.UploadRun;
import dev.graphupload.core.internal.UploaderThreads;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.transport.Endpoints;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
  private final Path spoolDirectory;
  private final ExecutorService ownedExecutor;
  private final ExecutorService ownedStoreExecutor;

  GraphUploader(GraphUploaderBuilder builder) {
    Objects.requireNonNull(builder.appId, "appId: set the Meta app id");
    Objects.requireNonNull(builder.accessToken, "accessToken: set the Graph access token");
    Objects.requireNonNull(builder.transport, "transport: choose an HttpTransport");
    if (!Endpoints.isAllowed(builder.endpoint, builder.allowInsecureHttp)) {
      throw new IllegalArgumentException(Endpoints.refusal(builder.endpoint));
    }
    this.ownedExecutor = builder.executor == null ? UploaderThreads.newDefaultExecutor() : null;
    this.spoolDirectory = builder.spoolDirectory;
    this.ownedStoreExecutor =
        builder.storeExecutor == null ? UploaderThreads.newStoreExecutor() : null;
    InMemorySessionStore inMemory =
        builder.records == null ? new InMemorySessionStore(builder.clock) : null;
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
                builder.minBytesPerSecond,
                builder.idleTimeout),
            PlainHttpCheck.around(
                builder.transport,
                builder.endpoint,
                builder.storeExecutor == null ? ownedStoreExecutor : builder.storeExecutor),
            inMemory != null ? inMemory : builder.records,
            inMemory != null ? inMemory : builder.locks,
            builder.chunkPolicy,
            builder.retryPolicy,
            builder.maxFileLength,
            builder.sessionLifetime,
            builder.handleLifetime,
            builder.lockWait,
            builder.verifyHandles,
            builder.verifyContent,
            builder.clock,
            builder.ticker,
            builder.scheduler,
            builder.random,
            builder.executor == null ? ownedExecutor : builder.executor,
            builder.storeExecutor == null ? ownedStoreExecutor : builder.storeExecutor,
            builder.listenerFactories);
  }

  /**
   * A builder with the defaults: endpoint {@code https://graph.facebook.com}, API version {@code
   * v24.0}, an in-memory store, the whole remainder in one request, {@link
   * RetryPolicy#ofDefaults()}.
   *
   * @return a new builder
   */
  public static GraphUploaderBuilder builder() {
    return new GraphUploaderBuilder();
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
    return upload(UploadRequest.of(file), UploadListener.NONE);
  }

  /**
   * Uploads bytes under the name, type and key of a request, and waits for the handle.
   *
   * @param request what to upload, and how Graph and the store know it
   * @return the result, with the handle
   * @throws GraphUploadException if the upload failed; the session record is kept, so a new call
   *     with the same key (and the same bytes) resumes where this one stopped
   * @throws UploadCancelledException if the calling thread was interrupted
   */
  public UploadResult upload(UploadRequest request) {
    return upload(request, UploadListener.NONE);
  }

  /**
   * Uploads a file and waits for its handle, telling {@code listener} what happens.
   *
   * @param file the file
   * @param listener told what happens (besides the listeners of the builder's factories)
   * @return the result, with the handle
   * @throws GraphUploadException if the upload failed
   * @throws UploadCancelledException if the calling thread was interrupted
   */
  public UploadResult upload(Path file, UploadListener listener) {
    return upload(UploadRequest.of(file), listener);
  }

  /**
   * Uploads bytes under the name, type and key of a request, telling {@code listener} what happens.
   *
   * @param request what to upload
   * @param listener told what happens (besides the listeners of the builder's factories)
   * @return the result, with the handle
   * @throws GraphUploadException if the upload failed
   * @throws UploadCancelledException if the calling thread was interrupted
   */
  public UploadResult upload(UploadRequest request, UploadListener listener) {
    CompletableFuture<UploadResult> future = uploadAsync(request, listener);
    String file = request.label();
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
      throw Failures.toUploadException(e);
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
    return uploadAsync(UploadRequest.of(file), UploadListener.NONE);
  }

  /**
   * Starts uploading bytes under the name, type and key of a request.
   *
   * @param request what to upload
   * @return the result; cancelling it stops the upload promptly (the session record is kept)
   */
  public CompletableFuture<UploadResult> uploadAsync(UploadRequest request) {
    return uploadAsync(request, UploadListener.NONE);
  }

  /**
   * Starts uploading a file, telling {@code listener} what happens.
   *
   * @param file the file
   * @param listener told what happens (besides the listeners of the builder's factories)
   * @return the result; cancelling it stops the upload promptly
   */
  public CompletableFuture<UploadResult> uploadAsync(Path file, UploadListener listener) {
    return uploadAsync(UploadRequest.of(Objects.requireNonNull(file, "file")), listener);
  }

  /**
   * Starts uploading bytes under the name, type and key of a request, telling {@code listener} what
   * happens. A stream ({@link UploadRequest#ofStream}) is first copied to the spool directory on a
   * thread of its own.
   *
   * @param request what to upload
   * @param listener told what happens (besides the listeners of the builder's factories)
   * @return the result; cancelling it stops the upload promptly
   */
  public CompletableFuture<UploadResult> uploadAsync(
      UploadRequest request, UploadListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    if (request.stream().isPresent()) {
      return Spool.thenUpload(
          request, spoolDirectory, spooled -> new UploadRun(context, spooled, listener).start());
    }
    return new UploadRun(context, request, listener).start();
  }

  /**
   * Uploads a batch of files, four at a time, and waits until each has a handle or has failed. A
   * file another worker holds (through a shared store) is come back to until that worker lets go:
   * see {@link BatchUpload}. Interrupting the calling thread stops the batch.
   *
   * @param files the files; one named twice is uploaded once
   * @return a result per file, in the order given
   */
  public List<BatchResult> uploadAll(List<Path> files) {
    return uploadAllAsync(files, BatchOptions.defaults()).awaitResults();
  }

  /**
   * Starts uploading a batch of files.
   *
   * @param files the files; one named twice is uploaded once
   * @param options how many at once, the listeners, how often a held file is tried again
   * @return the running batch: its results, and a way to stop it
   */
  public BatchUpload uploadAllAsync(List<Path> files, BatchOptions options) {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(options, "options");
    files.forEach(f -> Objects.requireNonNull(f, "a file of the batch"));
    return startBatch(files.stream().map(BatchUpload.Item::of).toList(), options);
  }

  /**
   * Uploads a batch of requests — files under names and keys of the caller's, bytes, streams,
   * sources of the caller's own — four at a time, and waits until each has a handle or has failed.
   * Requests with the same key (or, without one, the same file) are uploaded once. A request
   * another worker holds is come back to, as in a batch of files. Interrupting the calling thread
   * stops the batch.
   *
   * @param requests the requests
   * @return a result per request, in the order given
   */
  public List<BatchResult> uploadAllRequests(List<UploadRequest> requests) {
    return uploadAllRequestsAsync(requests, BatchOptions.defaults()).awaitResults();
  }

  /**
   * Starts uploading a batch of requests.
   *
   * @param requests the requests; those with the same key (or file) are uploaded once
   * @param options how many at once, the listeners, how often a held request is tried again
   * @return the running batch: its results, and a way to stop it
   */
  public BatchUpload uploadAllRequestsAsync(List<UploadRequest> requests, BatchOptions options) {
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(options, "options");
    requests.forEach(r -> Objects.requireNonNull(r, "a request of the batch"));
    return startBatch(requests.stream().map(BatchUpload.Item::of).toList(), options);
  }

  private BatchUpload startBatch(List<BatchUpload.Item> items, BatchOptions options) {
    return new BatchUpload(
            this::uploadAsync,
            this::storedSession,
            UploadListener.NONE,
            items,
            options,
            context.scheduler(),
            context.ticker())
        .start();
  }

  /**
   * The session record the store holds for a file, as this uploader would look it up (same
   * endpoint, app id and absolute path). Reads nothing from the network.
   *
   * @param file the file
   * @return the record, or empty when there is none
   */
  public Optional<SessionRecord> storedSession(Path file) {
    return context.records().find(UploadKey.of(context.endpoint(), context.appId(), file));
  }

  /**
   * The session record the store holds under a caller's key ({@link UploadRequest.Builder#key}).
   * Reads nothing from the network.
   *
   * @param key the caller's key
   * @return the record, or empty when there is none
   */
  public Optional<SessionRecord> storedSession(String key) {
    return context.records().find(UploadKey.forKey(context.endpoint(), context.appId(), key));
  }

  /**
   * The session record the store holds for a request: under its key if it has one, else for its
   * file. Reads nothing from the network.
   *
   * @param request the request
   * @return the record, or empty when there is none (or the request is for a stream)
   */
  public Optional<SessionRecord> storedSession(UploadRequest request) {
    if (request.key().isPresent()) {
      return storedSession(request.key().get());
    }
    return request.file().flatMap(this::storedSession);
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
    CompletableFuture<Reply> asked = Calls.askOffset(context, session);
    Reply reply;
    try {
      reply = asked.get(context.wire().callTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      asked.cancel(true);
      Thread.currentThread().interrupt();
      throw new UploadCancelledException(
          "Interrupted while asking the server for the offset of " + session);
    } catch (ExecutionException e) {
      throw Failures.toUploadException(e);
    } catch (TimeoutException e) {
      asked.cancel(true);
      throw new TransportException(
          "No reply when asking the server for the offset of " + session, e);
    }
    if (reply instanceof Reply.Offset offset) {
      return offset.offset();
    }
    throw reply instanceof Reply.SessionGone gone ? gone.error() : ((Reply.Failed) reply).failure();
  }

  /**
   * Stops the executors this uploader created, if it created any. When the store executor is the
   * uploader's own, this waits (up to 30 seconds) for store calls already begun, such as the last
   * save of an upload just cancelled, so that once it returns nothing this uploader started writes
   * to the store any more and the store may be closed. An executor given through {@link
   * GraphUploaderBuilder#storeExecutor} is the caller's to drain.
   */
  @Override
  public void close() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
    if (ownedStoreExecutor != null) {
      UploaderThreads.shutdownAndWait(ownedStoreExecutor);
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
}
