package dev.graphupload.transport.netty;

import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.TransportFailures;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import io.netty.channel.Channel;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.pool.ChannelPool;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request on one pooled connection: completes its future exactly once (reply, failure, timeout
 * or cancel) and gives the connection back exactly once — to the pool when it can carry another
 * request, closed otherwise. It is settled (its {@code onSettled} runs, once) only after the
 * connection is handed back, or when no connection could be had: a transport that closes once all
 * its exchanges are settled never hands a connection to a pool whose event loop is gone.
 */
final class Exchange {

  final TransportRequest request;
  final BodyProgress progress;
  final CompletableFuture<TransportResponse> result = new CompletableFuture<>();
  private final ChannelPool pool;
  private final Runnable onSettled;
  private final AtomicBoolean released = new AtomicBoolean();
  private final AtomicBoolean settled = new AtomicBoolean();
  private volatile Channel channel;
  private volatile ScheduledFuture<?> timeout;
  private volatile boolean requestWritten;

  Exchange(TransportRequest request, BodyProgress progress, ChannelPool pool, Runnable onSettled) {
    this.request = request;
    this.progress = progress;
    this.pool = pool;
    this.onSettled = onSettled;
  }

  void attach(Channel channel) {
    this.channel = channel;
  }

  void timeout(ScheduledFuture<?> timeout) {
    this.timeout = timeout;
  }

  void requestWritten() {
    requestWritten = true;
  }

  /** The reply arrived; the connection is reused if both sides allow it. */
  void complete(TransportResponse response, boolean reusable) {
    if (result.complete(response)) {
      giveBack(reusable && requestWritten);
    } else {
      giveBack(false);
    }
  }

  /**
   * No connection could be had: the exchange fails and is settled, there is nothing to give back.
   */
  void notAcquired(Throwable failure) {
    fail(failure);
    settle();
  }

  /** The exchange failed (or was cancelled, or timed out): the connection is closed. */
  void fail(Throwable failure) {
    result.completeExceptionally(translate(failure));
    giveBack(false);
  }

  private void giveBack(boolean reusable) {
    ScheduledFuture<?> t = timeout;
    if (t != null) {
      t.cancel(false);
    }
    Channel ch = channel;
    if (ch == null || !released.compareAndSet(false, true)) {
      return;
    }
    ch.pipeline().get(ResponseHandler.class).finished(this);
    if (!reusable) {
      ch.close();
    }
    try {
      pool.release(ch);
    } finally {
      settle();
    }
  }

  private void settle() {
    if (settled.compareAndSet(false, true)) {
      onSettled.run();
    }
  }

  private Throwable translate(Throwable t) {
    if (t instanceof ConnectTimeoutException) {
      return TransportFailures.connectTimedOut(request, t);
    }
    return TransportFailures.translate(t, request);
  }

  /** Tells the exchange's progress how much of a body of {@code length} bytes was written. */
  ChannelProgressiveFutureListener progressOf(long length) {
    return new ChannelProgressiveFutureListener() {
      @Override
      public void operationProgressed(ChannelProgressiveFuture future, long written, long total) {
        progress.bytesWritten(Math.min(written, length));
      }

      @Override
      public void operationComplete(ChannelProgressiveFuture future) {
        if (future.isSuccess()) {
          progress.bytesWritten(length);
        }
      }
    };
  }
}
