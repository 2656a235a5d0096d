package dev.graphupload.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.pool.ChannelPool;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The transport's close waits until every exchange is settled, then shuts the event loops: an
 * exchange that settled before handing its connection back made the pool notify a terminated event
 * loop (a Netty error and stack trace on the command's terminal).
 */
class ExchangeTest {

  private final List<String> events = new ArrayList<>();

  @Test
  void aFailedExchangeSettlesOnlyAfterItsConnectionIsHandedBack() {
    Exchange exchange = new Exchange(request(), BodyProgress.NONE, pool(), settled());
    EmbeddedChannel channel = new EmbeddedChannel(new ResponseHandler());
    exchange.attach(channel);

    exchange.fail(new IOException("handshake failed"));

    assertThat(exchange.result).isCompletedExceptionally();
    assertThat(events).containsExactly("released", "settled");
    assertThat(channel.isOpen()).as("a failed exchange's connection is not reused").isFalse();
  }

  @Test
  void aRepliedExchangeSettlesOnceEvenWhenItAlsoTimesOut() {
    Exchange exchange = new Exchange(request(), BodyProgress.NONE, pool(), settled());
    exchange.attach(new EmbeddedChannel(new ResponseHandler()));

    exchange.fail(new IOException("timed out"));
    exchange.fail(new IOException("timed out again"));

    assertThat(events).containsExactly("released", "settled");
  }

  @Test
  void anExchangeThatNeverHadAConnectionSettlesWhenTheAcquireFails() {
    Exchange exchange = new Exchange(request(), BodyProgress.NONE, pool(), settled());

    exchange.fail(new IOException("timed out before a connection was free"));
    assertThat(events).as("its acquire is still pending: not settled yet").isEmpty();

    exchange.notAcquired(new IllegalStateException("pool closed"));
    assertThat(events).containsExactly("settled");
  }

  private Runnable settled() {
    return () -> events.add("settled");
  }

  private ChannelPool pool() {
    return new ChannelPool() {
      @Override
      public Future<Channel> acquire() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Future<Channel> acquire(Promise<Channel> promise) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Future<Void> release(Channel channel) {
        events.add("released");
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
      }

      @Override
      public Future<Void> release(Channel channel, Promise<Void> promise) {
        return release(channel);
      }

      @Override
      public void close() {}
    };
  }

  private static TransportRequest request() {
    return new TransportRequest(
        "POST",
        URI.create("http://127.0.0.1:1/v24.0/upload:1"),
        Map.of(),
        RequestBody.empty(),
        Duration.ofSeconds(1),
        65536);
  }
}
