package dev.graphupload.emulator.internal;

import dev.graphupload.emulator.ConcurrentWriters;
import dev.graphupload.emulator.OffsetMismatch;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /{v}/upload:<id>}: streams the body into the session as it arrives. One writer per
 * session: a newer request evicts (or, by configuration, is refused by) an older one, so bytes
 * never interleave. A cut connection keeps what arrived.
 */
final class SendExchange implements Exchange {

  private static final Logger LOG = LoggerFactory.getLogger(SendExchange.class);

  private final EmulatorState state;
  private final StoredSession session;
  private final Channel channel;
  private final Responder responder;
  private final Faults.SendPlan plan;
  private final boolean echoHandle;
  private FileChannel file;
  private long received;
  private long toSkip;
  private long skipPosition;
  private GraphFailure failure;
  private boolean finished;
  private long readyAtNanos;

  /** Where replies go: the handler, which knows about keep-alive and latency. */
  interface Responder {
    void reply(ChannelHandlerContext ctx, FullHttpResponse response);
  }

  private final Bandwidth ownBandwidth = new Bandwidth();

  SendExchange(
      EmulatorState state,
      StoredSession session,
      Channel channel,
      long offset,
      long declaredLength,
      Faults.SendPlan scripted,
      Responder responder)
      throws IOException {
    this.state = state;
    this.session = session;
    this.channel = channel;
    this.responder = responder;
    Channel evicted = null;
    synchronized (session) {
      if (session.isExpired(state.config.clock().instant())) {
        throw GraphFailure.sessionExpired(session.id);
      }
      if (session.isComplete()) {
        if (offset != session.length || declaredLength > 0) {
          throw GraphFailure.invalidParameter(
              "The upload session is complete; every one of its "
                  + session.length
                  + " bytes arrived");
        }
        this.echoHandle = true;
        this.plan = new Faults.SendPlan(Long.MAX_VALUE, false);
        return;
      }
      this.echoHandle = false;
      if (session.writer instanceof SendExchange older && older.channel.isActive()) {
        if (state.config.concurrentWriters() == ConcurrentWriters.REFUSE_NEWER) {
          throw GraphFailure.busy();
        }
        session.writer = null;
        evicted = older.channel;
      }
      long server = session.offset;
      if (offset != server) {
        if (state.config.offsetMismatch() == OffsetMismatch.ACCEPT_OVERLAP && offset < server) {
          toSkip = server - offset;
          skipPosition = offset;
        } else {
          throw GraphFailure.offsetMismatch(
              offset, server, session.length, state.config.profile().mismatch());
        }
      }
      if (declaredLength >= 0 && offset + declaredLength > session.length) {
        throw GraphFailure.invalidParameter(
            "The body ("
                + declaredLength
                + " bytes from offset "
                + offset
                + ") passes file_length "
                + session.length);
      }
      session.writer = this;
    }
    if (evicted != null) {
      LOG.info("A newer request took over session {}; closing the older connection", session.key);
      evicted.close();
    }
    this.plan = scripted != null ? scripted : state.faults.planSend(Math.max(declaredLength, 0));
    if (!state.config.sink()) {
      file = state.repository.openForWriting(session);
    }
  }

  @Override
  public void content(ChannelHandlerContext ctx, HttpContent content) throws IOException {
    ByteBuf data = content.content();
    if (finished || echoHandle || !data.isReadable()) {
      return;
    }
    int readable = data.readableBytes();
    long allowed = plan.cutAfter() - received;
    int take = (int) Math.min(readable, Math.max(allowed, 0));
    if (failure == null && take > 0) {
      accept(data.slice(data.readerIndex(), take));
    }
    received += take;
    if (take < readable || (allowed <= 0 && readable > 0)) {
      LOG.debug("Cutting the connection of session {} after {} body bytes", session.key, received);
      finish();
      ctx.close();
      return;
    }
    long now = System.nanoTime();
    long pause = state.bandwidth.book(readable, state.faults.bandwidth(), now);
    if (state.config.connectionBandwidth() > 0) {
      // one body at a time travels a connection: the body's own cap is the connection's
      pause = Math.max(pause, ownBandwidth.book(readable, state.config.connectionBandwidth(), now));
    }
    readyAtNanos = now + pause;
    if (pause > 1_000_000) {
      ctx.channel().config().setAutoRead(false);
      ctx.executor()
          .schedule(() -> ctx.channel().config().setAutoRead(true), pause, TimeUnit.NANOSECONDS);
    }
  }

  private void accept(ByteBuf data) throws IOException {
    if (toSkip > 0) {
      int overlap = (int) Math.min(toSkip, data.readableBytes());
      if (!state.repository.matches(
          session, file, skipPosition, data.slice(data.readerIndex(), overlap))) {
        failure =
            GraphFailure.invalidParameter(
                "The re-sent bytes at offset "
                    + skipPosition
                    + " differ from those already received");
        return;
      }
      toSkip -= overlap;
      skipPosition += overlap;
      data = data.slice(data.readerIndex() + overlap, data.readableBytes() - overlap);
    }
    if (!data.isReadable()) {
      return;
    }
    int taken = data.readableBytes();
    synchronized (session) {
      if (session.writer != this) {
        finished = true; // evicted by a newer request: drop the rest
        return;
      }
      if (session.offset + data.readableBytes() > session.length) {
        failure = GraphFailure.invalidParameter("The body passes file_length " + session.length);
        return;
      }
      state.repository.append(session, file, data);
    }
    state.received.add(taken);
  }

  @Override
  public void end(ChannelHandlerContext ctx) throws IOException {
    long wait = readyAtNanos - System.nanoTime();
    if (wait > 1_000_000) {
      // under a bandwidth cap the body is not taken before its booked time is over
      ctx.executor()
          .schedule(
              () -> {
                try {
                  endNow(ctx);
                } catch (IOException | RuntimeException e) {
                  LOG.warn("Could not finish a send for session {}", session.key, e);
                  ctx.close();
                }
              },
              wait,
              TimeUnit.NANOSECONDS);
      return;
    }
    endNow(ctx);
  }

  private void endNow(ChannelHandlerContext ctx) throws IOException {
    if (finished) {
      return;
    }
    finish();
    if (failure != null) {
      responder.reply(ctx, Replies.error(ctx.alloc(), failure));
      return;
    }
    if (plan.loseReply()) {
      LOG.debug("Losing the reply to a send for session {}", session.key);
      ctx.close();
      return;
    }
    long offset;
    synchronized (session) {
      offset = session.offset;
    }
    if (offset < session.length) {
      responder.reply(ctx, partialReply(ctx, offset));
    } else if (session.isComplete()) {
      responder.reply(ctx, Replies.json(ctx.alloc(), 200, Map.of("h", session.handle)));
    } else {
      state.blocking.execute(
          () -> {
            try {
              state.repository.complete(session);
              ctx.executor()
                  .execute(
                      () ->
                          responder.reply(
                              ctx, Replies.json(ctx.alloc(), 200, Map.of("h", session.handle))));
            } catch (IOException | RuntimeException e) {
              LOG.warn("Could not finish session {}", session.key, e);
              ctx.executor()
                  .execute(
                      () ->
                          responder.reply(
                              ctx,
                              Replies.error(ctx.alloc(), GraphFailure.transientError(2, 503))));
            }
          });
    }
  }

  private FullHttpResponse partialReply(ChannelHandlerContext ctx, long offset) {
    return switch (state.config.profile().partialReply()) {
      case OFFSET_JSON ->
          Replies.json(ctx.alloc(), 200, Map.of("id", session.id, "file_offset", offset));
      case EMPTY_BODY -> Replies.empty(ctx.alloc(), 200);
      case STATUS_206 -> Replies.error(ctx.alloc(), GraphFailure.partial(offset));
      case SUCCESS -> Replies.json(ctx.alloc(), 200, Map.of("success", true));
      case EMPTY_OBJECT -> Replies.json(ctx.alloc(), 200, Map.of());
    };
  }

  @Override
  public void abort() {
    if (!finished) {
      try {
        finish();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Could not record the bytes of session {} after a cut connection", session.key, e);
      }
    }
  }

  /** Stops writing: releases the session and records its offset. */
  private void finish() throws IOException {
    finished = true;
    synchronized (session) {
      if (session.writer == this) {
        session.writer = null;
      }
    }
    if (file != null) {
      file.close();
      file = null;
    }
    state.repository.persist(session);
  }
}
