package dev.graphupload.transport.jdk;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.TransportException;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.Endpoints;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.IdleWatch;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportFailures;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link HttpTransport} on the JDK's {@link HttpClient}. No dependency beyond the JDK.
 *
 * <ul>
 *   <li>A file region is streamed from a {@code FileChannel} in bounded buffers with an exact
 *       {@code Content-Length}; the file is never held in memory.
 *   <li>Progress is reported as each buffer is handed to the client for sending.
 *   <li>Cancelling the returned future aborts the exchange and stops reading the file.
 *   <li>Each request is bounded by its {@link TransportRequest#timeout()} (up to the reply's
 *       headers, so a server that takes the body and never answers times out), connections by the
 *       connect timeout.
 *   <li>HTTP/1.1 by default, HTTP/2 as an option; TLS as the JDK provides it.
 *   <li>Plain {@code http://} is refused unless the host is loopback or insecure HTTP is allowed.
 * </ul>
 *
 * <p>Thread safe; one instance serves many uploads. {@link #close()} does nothing to a client the
 * caller supplied.
 */
public final class JdkHttpTransport implements HttpTransport {

  private final HttpClient client;
  private final boolean allowInsecureHttp;
  private final int bufferSize;
  private final DirectBufferPool pool;
  private final boolean ownsClient;
  private final int maxConcurrentRequests;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

  JdkHttpTransport(JdkHttpTransportBuilder builder) {
    this.ownsClient = builder.client == null;
    this.maxConcurrentRequests = builder.maxConcurrentRequests;
    this.allowInsecureHttp = builder.allowInsecureHttp;
    this.bufferSize = builder.bufferSize;
    // reused direct buffers only where the client's write path is known (FileRegionPublisher)
    this.pool =
        builder.client == null
                && builder.version == HttpClient.Version.HTTP_1_1
                && builder.directBuffers > 0
            ? new DirectBufferPool(builder.bufferSize, builder.directBuffers)
            : null;
    if (builder.client != null) {
      this.client = builder.client;
    } else {
      HttpClient.Builder http =
          HttpClient.newBuilder()
              .version(builder.version)
              .connectTimeout(builder.connectTimeout)
              .followRedirects(HttpClient.Redirect.NEVER);
      if (builder.executor != null) {
        http.executor(builder.executor);
      }
      if (builder.sslContext != null) {
        http.sslContext(builder.sslContext);
      } else {
        // the default context, made when the first https:// connection needs it
        http.sslContext(new LazyDefaultSslContext())
            .sslParameters(LazyDefaultSslContext.parameters());
      }
      this.client = http.build();
    }
  }

  /**
   * A transport with the defaults: HTTP/1.1, 10 s connect timeout, 1 MiB buffers (eight of them
   * reused direct buffers), no redirects followed, plain HTTP to loopback only.
   *
   * @return the transport
   */
  public static JdkHttpTransport create() {
    return builder().build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static JdkHttpTransportBuilder builder() {
    return new JdkHttpTransportBuilder();
  }

  @Override
  public CompletableFuture<TransportResponse> execute(
      TransportRequest request, BodyProgress progress) {
    if (!Endpoints.isAllowed(request.uri(), allowInsecureHttp)) {
      return CompletableFuture.failedFuture(
          new TransportException(Endpoints.refusal(request.uri()), FailureKind.FATAL, null));
    }
    CompletableFuture<TransportResponse> result = new CompletableFuture<>();
    waiting.add(
        () -> {
          if (result.isDone()) {
            release(); // cancelled while it waited: never sent
            return;
          }
          CompletableFuture<TransportResponse> sent;
          try {
            sent = send(request, progress);
          } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(TransportFailures.translate(e, request));
          }
          sent.whenComplete(
              (response, failure) -> {
                release();
                if (failure != null) {
                  result.completeExceptionally(failure);
                } else {
                  result.complete(response);
                }
              });
          CompletableFuture<TransportResponse> exchange = sent;
          result.whenComplete(
              (ignored, failure) -> {
                if (result.isCancelled()) {
                  exchange.cancel(true);
                }
              });
        });
    startWaiting();
    return result;
  }

  /**
   * Starts waiting requests while fewer than {@code maxConcurrentRequests} are in flight. Called
   * after every change to either, so none is left waiting with a free place.
   */
  private void startWaiting() {
    while (true) {
      int running = inFlight.get();
      if (running >= maxConcurrentRequests || waiting.isEmpty()) {
        return;
      }
      if (!inFlight.compareAndSet(running, running + 1)) {
        continue;
      }
      Runnable next = waiting.poll();
      if (next == null) {
        inFlight.decrementAndGet(); // another thread took it
      } else {
        next.run();
      }
    }
  }

  private void release() {
    inFlight.decrementAndGet();
    startWaiting();
  }

  private CompletableFuture<TransportResponse> send(
      TransportRequest request, BodyProgress progress) {
    IdleWatch watch = new IdleWatch(progress);
    FileRegionPublisher region = null;
    HttpRequest.BodyPublisher publisher;
    RequestBody body = request.body();
    if (body instanceof RequestBody.FileRegion r) {
      region =
          new FileRegionPublisher(
              r.path(),
              r.open(),
              r.offset(),
              r.length(),
              bufferSize,
              watch,
              "http".equalsIgnoreCase(request.uri().getScheme()) ? pool : null);
      publisher = region;
    } else if (body instanceof RequestBody.Ranged r) {
      region =
          new FileRegionPublisher(
              r.source(),
              r.offset(),
              r.length(),
              bufferSize,
              watch,
              "http".equalsIgnoreCase(request.uri().getScheme()) ? pool : null);
      publisher = region;
    } else if (body instanceof RequestBody.Bytes b) {
      publisher = HttpRequest.BodyPublishers.ofByteArray(b.bytes());
    } else {
      publisher = HttpRequest.BodyPublishers.noBody();
    }
    HttpRequest.Builder http =
        HttpRequest.newBuilder(request.uri())
            .timeout(request.timeout())
            .method(request.method(), publisher);
    try {
      request.headers().forEach(http::header);
    } catch (IllegalArgumentException e) {
      // the JDK refuses some names (Host, Content-Length, …); say which, never the value
      return CompletableFuture.failedFuture(
          new TransportException(
              "The JDK HttpClient refuses a header of this request: " + e.getMessage(),
              FailureKind.FATAL,
              null));
    }
    CompletableFuture<HttpResponse<byte[]>> exchange =
        client.sendAsync(
            http.build(),
            info -> {
              watch.activity(); // the reply's head arrived
              return new LimitedBodySubscriber(request.maxResponseBytes(), watch);
            });
    CompletableFuture<TransportResponse> result = new CompletableFuture<>();
    FileRegionPublisher cancellable = region;
    exchange.whenComplete(
        (response, failure) -> {
          if (cancellable != null) {
            cancellable.end(); // the pooled buffers go back once the exchange is over
          }
          if (failure != null) {
            result.completeExceptionally(translate(failure, request));
          } else {
            if (body instanceof RequestBody.Bytes b) {
              progress.bytesWritten(b.length());
            }
            result.complete(
                new TransportResponse(
                    response.statusCode(), response.headers().map(), response.body()));
          }
        });
    if (request.idleTimeout().compareTo(request.timeout()) < 0) {
      watch.watch(
          request.idleTimeout(),
          result,
          (task, millis) ->
              CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS).execute(task),
          () -> {
            // the client's own timeout runs to the reply's head only; this catches a server that
            // froze mid-body, however large the body
            if (result.completeExceptionally(TransportFailures.stalled(request))) {
              exchange.cancel(true);
              if (cancellable != null) {
                cancellable.cancel();
              }
            }
          });
    }
    result.whenComplete(
        (ignored, failure) -> {
          if (result.isCancelled()) {
            exchange.cancel(true);
            if (cancellable != null) {
              cancellable.cancel();
            }
          }
        });
    return result;
  }

  private static Throwable translate(Throwable failure, TransportRequest request) {
    Throwable t =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (t instanceof HttpConnectTimeoutException) {
      return TransportFailures.connectTimedOut(request, t);
    }
    if (t instanceof HttpTimeoutException) {
      return TransportFailures.noReply(request, t);
    }
    return TransportFailures.translate(t, request);
  }

  /**
   * Stops the client this transport built (a caller's own client is left alone): its connections
   * close and its selector thread ends. Requests still in flight fail. On JDK 21 and later this is
   * the client's {@code shutdownNow()}. JDK 17 has no such method; there the selector thread, named
   * {@code HttpClient-<id>-SelectorManager} after the id the client's {@code toString()} shows (as
   * the JDK's own tests find it), is interrupted, which ends its loop and closes the client the
   * same way. Without this, the thread lives until the client is garbage collected, and a JVM
   * exiting meanwhile waits about 300 ms for it to leave its native select call.
   */
  @Override
  public void close() {
    if (!ownsClient) {
      return;
    }
    try {
      HttpClient.class.getMethod("shutdownNow").invoke(client);
      return;
    } catch (NoSuchMethodException e) {
      // JDK 17 to 20: below
    } catch (ReflectiveOperationException | RuntimeException e) {
      return; // closing is best effort; the thread then ends with the client
    }
    Thread selector = selectorThread(client);
    if (selector != null) {
      selector.interrupt();
    }
  }

  /** The selector thread of a JDK 17 client, found by the name its id gives it; or null. */
  static Thread selectorThread(HttpClient client) {
    String text = client.toString(); // jdk.internal.net.http.HttpClientImpl@1b2c3d(7)
    int open = text.lastIndexOf('(');
    if (open < 0 || !text.endsWith(")")) {
      return null;
    }
    String name = "HttpClient-" + text.substring(open + 1, text.length() - 1) + "-SelectorManager";
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int count = root.enumerate(threads, true);
    for (int i = 0; i < count; i++) {
      if (name.equals(threads[i].getName())) {
        return threads[i];
      }
    }
    return null;
  }

  /** The client this transport sends with; for tests. */
  HttpClient httpClient() {
    return client;
  }

  /** The transport's direct buffers, if it has them; for tests. */
  DirectBufferPool directBufferPool() {
    return pool;
  }

  @Override
  public String toString() {
    return "JdkHttpTransport["
        + client.version()
        + (allowInsecureHttp ? ", insecure HTTP allowed" : "")
        + "]";
  }
}
