package dev.graphupload.emulator.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of one accepted connection. Plain HTTP/1.1; or TLS, then by ALPN either HTTP/1.1 or
 * HTTP/2, whose streams are each turned into HTTP/1.1 messages for the same {@link GraphHandler}:
 * one Graph, whatever the wire.
 */
final class Initializer extends ChannelInitializer<SocketChannel> {

  private final EmulatorConfig config;
  private final EmulatorState state;
  private final AdminApi admin;
  private final ChannelGroup connections;
  private final SslContext tls;

  Initializer(
      EmulatorConfig config,
      EmulatorState state,
      AdminApi admin,
      ChannelGroup connections,
      SslContext tls) {
    this.config = config;
    this.state = state;
    this.admin = admin;
    this.connections = connections;
    this.tls = tls;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    // every open connection, so that close() closes them all
    connections.add(channel);
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast(
        "idle", new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    if (tls == null) {
      http1(pipeline);
      return;
    }
    pipeline.addLast("tls", tls.newHandler(channel.alloc()));
    pipeline.addLast(
        "alpn",
        new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
          @Override
          protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
              http2(ctx.pipeline());
            } else {
              http1(ctx.pipeline());
            }
          }
        });
  }

  private void http1(ChannelPipeline pipeline) {
    pipeline
        .addLast(
            "http",
            new HttpServerCodec(
                new HttpDecoderConfig()
                    .setMaxInitialLineLength(8192)
                    .setMaxHeaderSize(config.maxHeaderBytes())
                    .setMaxChunkSize(1 << 20)))
        // "Expect: 100-continue" is answered by the handler, once the request is authenticated:
        // a refused one never gets its body asked for
        .addLast("graph", new GraphHandler(state, admin));
  }

  private void http2(ChannelPipeline pipeline) {
    pipeline.addLast("h2", Http2FrameCodecBuilder.forServer().build());
    pipeline.addLast(
        "streams",
        new Http2MultiplexHandler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel stream) {
                stream
                    .pipeline()
                    .addLast("http", new Http2StreamFrameToHttpObjectCodec(true))
                    .addLast("graph", new GraphHandler(state, admin));
              }
            }));
  }
}
