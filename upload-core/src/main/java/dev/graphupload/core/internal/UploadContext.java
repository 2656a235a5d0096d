package dev.graphupload.core.internal;

import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.Scheduler;
import dev.graphupload.core.Ticker;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.store.SessionRecords;
import dev.graphupload.core.store.UploadLocks;
import dev.graphupload.core.transport.HttpTransport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Everything an upload run needs from its uploader: immutable, shared by every run.
 *
 * @param endpoint the Graph base URL
 * @param appId the app that owns the sessions
 * @param apiVersion the API version
 * @param wire the wire mapping (holds the token)
 * @param transport the HTTP transport
 * @param records the session records
 * @param locks the upload locks
 * @param chunkPolicy how many bytes each request carries
 * @param retryPolicy when to retry
 * @param maxFileLength the largest file accepted
 * @param sessionLifetime how long a session record is kept while in progress
 * @param handleLifetime how long a handle without its own expiry is reused
 * @param lockWait how long to wait for another upload of the same file to finish
 * @param verifyHandles whether a handle is accepted only once the server confirms every byte
 * @param verifyContent whether digests of the content are kept and compared before a resume
 * @param clock the wall clock: stamps records, never measures durations
 * @param ticker the monotonic clock: every duration
 * @param scheduler waits between retries
 * @param random the jitter source (thread safe)
 * @param executor runs the engine's steps
 * @param storeExecutor runs store calls, which may block
 * @param listenerFactories make a listener for each upload, besides its own
 */
public record UploadContext(
    URI endpoint,
    AppId appId,
    ApiVersion apiVersion,
    GraphWire wire,
    HttpTransport transport,
    SessionRecords records,
    UploadLocks locks,
    ChunkPolicy chunkPolicy,
    RetryPolicy retryPolicy,
    long maxFileLength,
    Duration sessionLifetime,
    Duration handleLifetime,
    Duration lockWait,
    boolean verifyHandles,
    boolean verifyContent,
    Clock clock,
    Ticker ticker,
    Scheduler scheduler,
    RandomGenerator random,
    Executor executor,
    Executor storeExecutor,
    List<UploadListener.Factory> listenerFactories) {

  /** Keeps a copy of the factories. */
  public UploadContext {
    listenerFactories = List.copyOf(listenerFactories);
  }
}
