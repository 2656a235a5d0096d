package dev.graphupload.transport.netty;

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
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.pool.AbstractChannelPoolMap;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.TrustManagerFactory;

/**
 * An {@link HttpTransport} on Netty, for throughput and for thousands of uploads on a handful of
 * threads.
 *
 * <ul>
 *   <li>One event loop group (the caller's, or its own: native epoll when available, NIO otherwise)
 *       and a pool of keep-alive connections per host, with a limit.
 *   <li>A file region goes out zero-copy as a {@link DefaultFileRegion} on plain TCP, and as {@link
 *       ChunkedNioFile} chunks under TLS, always with an exact {@code Content-Length}. The file is
 *       read only as fast as the socket drains.
 *   <li>Progress comes from the write's progressive future; cancelling closes the connection; every
 *       request is bounded by its timeout, from the wait for a connection to the reply.
 *   <li>TLS by default, with host name verification; plain {@code http://} to loopback only unless
 *       insecure HTTP is allowed. TLS is OpenSSL (BoringSSL) when {@code
 *       io.netty:netty-tcnative-boringssl-static} is on the class path, else the JDK's; {@link
 *       NettyHttpTransportBuilder#sslProvider} chooses.
 * </ul>
 *
 * <p>Thread safe. {@link #close()} waits for requests in flight (up to the close timeout), then
 * closes the connections and, if it made it, the event loop group.
 */
public final class NettyHttpTransport implements HttpTransport {

  private static final int CHUNK = 64 * 1024;

  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final boolean allowInsecureHttp;
  private final SslProvider sslProvider;
  private final TrustManagerFactory trustManagers;

  /** Built on the first https:// request (or at once when given or asked for by provider). */
  private volatile SslContext ssl;

  private final Duration closeTimeout;
  private final int maxResponseBytes;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AbstractChannelPoolMap<PoolKey, FixedChannelPool> pools;
  private final Connections connections;

  /** Where a pooled connection goes. */
  record PoolKey(String host, int port, boolean tls) {}

  NettyHttpTransport(NettyHttpTransportBuilder builder) {
    this.allowInsecureHttp = builder.allowInsecureHttp;
    this.closeTimeout = builder.closeTimeout;
    this.maxResponseBytes = builder.maxResponseBytes;
    Class<? extends Channel> channelType;
    if (builder.group != null) {
      this.group = builder.group;
      this.ownsGroup = false;
      channelType = builder.channelType;
    } else if (Epoll.isAvailable() && builder.nativeTransport) {
      this.group = new MultiThreadIoEventLoopGroup(builder.threads, EpollIoHandler.newFactory());
      this.ownsGroup = true;
      channelType = EpollSocketChannel.class;
    } else {
      this.group = new MultiThreadIoEventLoopGroup(builder.threads, NioIoHandler.newFactory());
      this.ownsGroup = true;
      channelType = NioSocketChannel.class;
    }
    this.sslProvider = builder.sslProvider;
    this.trustManagers = builder.trustManagers;
    // A TLS context costs about half a second of CPU (OpenSSL's loading above all), so a transport
    // that only ever speaks http:// (to the emulator, say) never builds one. A provider asked for
    // by name is built now, so that one that cannot be is refused at once.
    this.ssl =
        builder.ssl != null
            ? builder.ssl
            : builder.sslProvider != null
                ? NettyTls.clientContext(sslProvider, trustManagers)
                : null;
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(channelType)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) builder.connectTimeout.toMillis())
            .option(ChannelOption.TCP_NODELAY, true);
    int maxConnections = builder.maxConnectionsPerHost;
    this.connections = new Connections(this::tls, maxResponseBytes);
    this.pools =
        new AbstractChannelPoolMap<>() {
          @Override
          protected FixedChannelPool newPool(PoolKey key) {
            return new FixedChannelPool(
                bootstrap
                    .clone()
                    .remoteAddress(InetSocketAddress.createUnresolved(key.host(), key.port())),
                connections.setupFor(key),
                ChannelHealthChecker.ACTIVE,
                null,
                -1,
                maxConnections,
                Integer.MAX_VALUE,
                true,
                true);
          }
        };
  }

  /**
   * A transport with the defaults: its own event loop group of 2 threads (epoll when available), 64
   * connections per host, 10 s connect timeout.
   *
   * @return the transport
   */
  public static NettyHttpTransport create() {
    return builder().build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static NettyHttpTransportBuilder builder() {
    return new NettyHttpTransportBuilder();
  }

  @Override
  public CompletableFuture<TransportResponse> execute(
      TransportRequest request, BodyProgress progress) {
    URI uri = request.uri();
    if (!Endpoints.isAllowed(uri, allowInsecureHttp)) {
      return CompletableFuture.failedFuture(
          new TransportException(Endpoints.refusal(uri), FailureKind.FATAL, null));
    }
    if (group.isShuttingDown()) {
      return CompletableFuture.failedFuture(
          new TransportException("The Netty transport is closed", FailureKind.FATAL, null));
    }
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    if (tls) {
      try {
        tls(); // on the caller's thread, not on an event loop
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(
            new TransportException(e.getMessage(), FailureKind.FATAL, e));
      }
    }
    int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
    FixedChannelPool pool = pools.get(new PoolKey(uri.getHost(), port, tls));
    IdleWatch watch = new IdleWatch(progress);
    inFlight.incrementAndGet();
    Exchange exchange = new Exchange(request, watch, pool, inFlight::decrementAndGet);
    exchange.result.whenComplete(
        (r, e) -> {
          if (exchange.result.isCancelled()) {
            exchange.fail(new CancellationException());
          }
        });
    exchange.timeout(
        group
            .next()
            .schedule(
                () -> exchange.fail(TransportFailures.noReply(request, null)),
                request.timeout().toMillis(),
                TimeUnit.MILLISECONDS));
    if (request.idleTimeout().compareTo(request.timeout()) < 0) {
      // a server that froze mid-body is caught after the idle timeout, not the whole one
      watch.watch(
          request.idleTimeout(),
          exchange.result,
          (task, millis) -> group.next().schedule(task, millis, TimeUnit.MILLISECONDS),
          () -> exchange.fail(TransportFailures.stalled(request)));
    }
    pool.acquire()
        .addListener(
            (Future<Channel> acquired) -> {
              if (!acquired.isSuccess()) {
                exchange.notAcquired(acquired.cause());
                return;
              }
              Channel channel = acquired.getNow();
              watch.activity();
              exchange.attach(channel);
              if (exchange.result.isDone()) {
                exchange.fail(new CancellationException()); // gives the connection back
                return;
              }
              channel.pipeline().get(ResponseHandler.class).start(exchange);
              send(channel, exchange, tls, port);
            });
    return exchange.result;
  }

  private void send(Channel channel, Exchange exchange, boolean tls, int port) {
    TransportRequest request = exchange.request;
    URI uri = request.uri();
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    HttpRequest head =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()), target);
    boolean defaultPort = port == (tls ? 443 : 80);
    head.headers()
        .set(HttpHeaderNames.HOST, defaultPort ? uri.getHost() : uri.getHost() + ":" + port);
    request.headers().forEach((name, value) -> head.headers().set(name, value));
    head.headers().set(HttpHeaderNames.CONTENT_LENGTH, request.body().length());
    channel.write(head).addListener(f -> failOnError(f, exchange));
    RequestBody body = request.body();
    ChannelFuture last;
    if (body instanceof RequestBody.FileRegion region) {
      // the uploader's own channel is read (positionally) and never closed here
      boolean held = region.open().isPresent();
      FileChannel file;
      try {
        file =
            held ? region.open().get() : FileChannel.open(region.path(), StandardOpenOption.READ);
      } catch (IOException e) {
        exchange.fail(
            new TransportException(
                "Cannot read " + region.path() + ": " + e.getMessage(), FailureKind.FATAL, e));
        return;
      }
      ChannelProgressivePromise promise = channel.newProgressivePromise();
      promise.addListener(exchange.progressOf(region.length()));
      if (tls) {
        ChunkedNioFile chunks;
        try {
          chunks =
              held
                  ? new ChunkedNioFile(file, region.offset(), region.length(), CHUNK) {
                    @Override
                    public void close() {
                      // the uploader's channel: it closes it when the upload ends
                    }
                  }
                  : new ChunkedNioFile(file, region.offset(), region.length(), CHUNK);
        } catch (IOException e) {
          if (!held) {
            closeQuietly(file);
          }
          exchange.fail(
              new TransportException(
                  "Cannot read " + region.path() + ": " + e.getMessage(), FailureKind.FATAL, e));
          return;
        }
        last = channel.writeAndFlush(new HttpChunkedInput(chunks), promise);
      } else {
        channel.write(
            held
                ? new DefaultFileRegion(file, region.offset(), region.length()) {
                  @Override
                  protected void deallocate() {
                    // the uploader's channel: it closes it when the upload ends
                  }
                }
                : new DefaultFileRegion(file, region.offset(), region.length()),
            promise);
        last = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      }
    } else if (body instanceof RequestBody.Ranged range) {
      ChannelProgressivePromise promise = channel.newProgressivePromise();
      promise.addListener(exchange.progressOf(range.length()));
      SourceChunks chunks = new SourceChunks(range.source(), range.offset(), range.length(), CHUNK);
      last = channel.writeAndFlush(new HttpChunkedInput(chunks), promise);
    } else if (body instanceof RequestBody.Bytes bytes) {
      last =
          channel.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(bytes.bytes())));
      last.addListener(f -> exchange.progress.bytesWritten(bytes.length()));
    } else {
      last = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    last.addListener(
        f -> {
          if (f.isSuccess()) {
            exchange.requestWritten();
          } else {
            failOnError(f, exchange);
          }
        });
  }

  private static void closeQuietly(FileChannel file) {
    try {
      file.close();
    } catch (IOException ignored) {
      // only read from
    }
  }

  private static void failOnError(Future<?> write, Exchange exchange) {
    if (!write.isSuccess() && !exchange.result.isDone()) {
      exchange.fail(write.cause());
    }
  }

  /** Connections open (for tests). */
  int openConnections() {
    return connections.open();
  }

  /** Requests started whose connection is not yet handed back (or that never had one). */
  int inFlight() {
    return inFlight.get();
  }

  @Override
  public void close() {
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    connections.closeAll(deadline); // not pools.close(): see Connections
    if (ownsGroup) {
      group
          .shutdownGracefully(0, closeTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .syncUninterruptibly();
    }
  }

  /** The TLS context, built the first time it is needed. */
  SslContext tls() {
    SslContext context = ssl;
    if (context == null) {
      synchronized (this) {
        context = ssl;
        if (context == null) {
          context = NettyTls.clientContext(sslProvider, trustManagers);
          ssl = context;
        }
      }
    }
    return context;
  }

  /** Whether a TLS context was built (for tests: an http:// transport never builds one). */
  boolean tlsBuilt() {
    return ssl != null;
  }

  @Override
  public String toString() {
    SslContext context = ssl;
    return "NettyHttpTransport["
        + group.getClass().getSimpleName()
        + ", TLS "
        + (context == null ? "not yet used" : context instanceof OpenSslContext ? "OpenSSL" : "JDK")
        + (allowInsecureHttp ? ", insecure HTTP allowed" : "")
        + "]";
  }
}
