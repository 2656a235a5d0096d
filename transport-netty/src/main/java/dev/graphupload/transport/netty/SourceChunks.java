package dev.graphupload.transport.netty;

import dev.graphupload.core.UploadSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A range of an {@link UploadSource} other than a file, read in pieces as the socket drains. Netty
 * reads the pieces on the channel's event loop: a source that is slow to answer (a ranged GET of an
 * object store, say) holds up the other requests of that loop while it reads, so such a source
 * should answer from a buffer of its own, or go through the JDK transport.
 */
final class SourceChunks implements ChunkedInput<ByteBuf> {

  private final UploadSource source;
  private final long offset;
  private final long length;
  private final int chunk;
  private long sent;

  SourceChunks(UploadSource source, long offset, long length, int chunk) {
    this.source = source;
    this.offset = offset;
    this.length = length;
    this.chunk = chunk;
  }

  @Override
  public boolean isEndOfInput() {
    return sent >= length;
  }

  @Override
  public void close() {
    // the caller owns the source
  }

  @Deprecated
  @Override
  public ByteBuf readChunk(ChannelHandlerContext ctx) throws IOException {
    return readChunk(ctx.alloc());
  }

  @Override
  public ByteBuf readChunk(ByteBufAllocator allocator) throws IOException {
    if (isEndOfInput()) {
      return null;
    }
    int size = (int) Math.min(chunk, length - sent);
    ByteBuf buf = allocator.heapBuffer(size);
    boolean done = false;
    try {
      ByteBuffer target = ByteBuffer.wrap(buf.array(), buf.arrayOffset() + buf.writerIndex(), size);
      while (target.hasRemaining()) {
        long at = offset + sent + (size - target.remaining());
        if (source.read(target, at) < 0) {
          throw new EOFException(
              "The source ended at byte " + at + ", before the range being sent; it changed");
        }
      }
      buf.writerIndex(buf.writerIndex() + size);
      sent += size;
      done = true;
      return buf;
    } finally {
      if (!done) {
        buf.release();
      }
    }
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public long progress() {
    return sent;
  }
}
