package dev.graphupload.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelPoolHandler;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The transport's connections: the pipeline each one gets, and the set of those open, which {@link
 * #closeAll} closes on the caller's thread. The pools are not closed instead: a {@code
 * FixedChannelPool} closes itself on Netty's {@code GlobalEventExecutor}, whose thread is not a
 * daemon and stays a second after its last task, so a program whose {@code main} returned after
 * closing the transport stayed up that second more.
 */
final class Connections {

  private final Supplier<SslContext> tls;
  private final int maxResponseBytes;
  private final Set<Channel> open = ConcurrentHashMap.newKeySet();

  Connections(Supplier<SslContext> tls, int maxResponseBytes) {
    this.tls = tls;
    this.maxResponseBytes = maxResponseBytes;
  }

  /** What a pool to {@code key} calls for each connection it opens. */
  ChannelPoolHandler setupFor(NettyHttpTransport.PoolKey key) {
    return new AbstractChannelPoolHandler() {
      @Override
      public void channelCreated(Channel channel) {
        open.add(channel);
        channel.closeFuture().addListener(closed -> open.remove(channel));
        if (key.tls()) {
          SSLEngine engine = tls.get().newEngine(channel.alloc(), key.host(), key.port());
          SSLParameters parameters = engine.getSSLParameters();
          parameters.setEndpointIdentificationAlgorithm("HTTPS");
          engine.setSSLParameters(parameters);
          channel.pipeline().addLast("tls", new SslHandler(engine));
        }
        channel
            .pipeline()
            .addLast("http", new HttpClientCodec())
            .addLast("aggregate", new HttpObjectAggregator(maxResponseBytes))
            .addLast("chunked", new ChunkedWriteHandler())
            .addLast("response", new ResponseHandler());
      }
    };
  }

  /**
   * Closes every open connection at once, then waits for them until {@code deadline} (a {@link
   * System#nanoTime} instant): one wait for all, not one per connection.
   */
  void closeAll(long deadline) {
    List<ChannelFuture> closing = new ArrayList<>();
    for (Channel channel : open) {
      closing.add(channel.close());
    }
    for (ChannelFuture closed : closing) {
      closed.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }

  /** How many connections are open (for tests). */
  int open() {
    return open.size();
  }
}
