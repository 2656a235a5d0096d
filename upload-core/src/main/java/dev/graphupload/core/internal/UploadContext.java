package dev.graphupload.core.internal;

import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.Scheduler;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.transport.HttpTransport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
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
 * @param store the session store
 * @param chunkPolicy how many bytes each request carries
 * @param retryPolicy when to retry
 * @param maxFileLength the largest file accepted
 * @param sessionLifetime how long a session record is kept while in progress
 * @param handleLifetime how long a handle without its own expiry is reused
 * @param lockWait how long to wait for another upload of the same file to finish
 * @param verifyHandles whether a handle is accepted only once the server confirms every byte
 * @param verifyContent whether digests of the content are kept and compared before a resume
 * @param clock the time
 * @param scheduler waits between retries
 * @param random the jitter source (thread safe)
 * @param executor runs the engine's steps and store calls
 * @param listenerFactories make a listener for each upload, besides its own
 */
public record UploadContext(
    URI endpoint,
    AppId appId,
    ApiVersion apiVersion,
    GraphWire wire,
    HttpTransport transport,
    SessionStore store,
    ChunkPolicy chunkPolicy,
    RetryPolicy retryPolicy,
    long maxFileLength,
    Duration sessionLifetime,
    Duration handleLifetime,
    Duration lockWait,
    boolean verifyHandles,
    boolean verifyContent,
    Clock clock,
    Scheduler scheduler,
    RandomGenerator random,
    Executor executor,
    java.util.List<dev.graphupload.core.UploadListener.Factory> listenerFactories) {

  /** Keeps a copy of the factories. */
  public UploadContext {
    listenerFactories = java.util.List.copyOf(listenerFactories);
  }
}
