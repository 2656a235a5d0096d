package dev.graphupload.emulator.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import java.io.IOException;

/** One request in progress on a connection: its body arrives in pieces, then it ends. */
interface Exchange {

  /** A piece of the body. The caller releases it afterwards. */
  void content(ChannelHandlerContext ctx, HttpContent content) throws IOException;

  /** The body is complete: reply. */
  void end(ChannelHandlerContext ctx) throws IOException;

  /** The connection went away before the end. Must not throw. */
  default void abort() {}
}
