package dev.graphupload.transport.netty;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.TransportException;
import dev.graphupload.core.transport.TransportResponse;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last handler of a pooled connection: hands the aggregated reply (released here) to the
 * exchange the connection is serving, and fails that exchange when the connection breaks.
 */
final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

  private volatile Exchange current;

  void start(Exchange exchange) {
    current = exchange;
  }

  void finished(Exchange exchange) {
    if (current == exchange) {
      current = null;
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
    Exchange exchange = current;
    if (exchange == null) {
      ctx.close(); // a reply nobody asked for: this connection cannot be trusted any more
      return;
    }
    if (!response.decoderResult().isSuccess()) {
      exchange.fail(
          new TransportException(
              "The server's reply is not valid HTTP: " + response.decoderResult().cause(),
              response.decoderResult().cause()));
      return;
    }
    int length = response.content().readableBytes();
    if (length > exchange.request.maxResponseBytes()) {
      exchange.fail(tooLong(exchange.request.maxResponseBytes()));
      return;
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : response.headers()) {
      headers.computeIfAbsent(header.getKey(), k -> new ArrayList<>()).add(header.getValue());
    }
    byte[] body = ByteBufUtil.getBytes(response.content());
    exchange.complete(
        new TransportResponse(response.status().code(), headers, body),
        HttpUtil.isKeepAlive(response));
  }

  static TransportException tooLong(int limit) {
    return new TransportException(
        "The server's reply is longer than " + limit + " bytes; a Graph reply never is",
        FailureKind.FATAL,
        null);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Exchange exchange = current;
    if (exchange != null) {
      exchange.fail(
          cause instanceof TooLongFrameException
              ? tooLong(exchange.request.maxResponseBytes())
              : cause);
    }
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    Exchange exchange = current;
    if (exchange != null) {
      exchange.fail(new ClosedChannelException());
    }
    super.channelInactive(ctx);
  }
}
