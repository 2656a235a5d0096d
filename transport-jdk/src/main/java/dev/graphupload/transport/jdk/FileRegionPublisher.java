package dev.graphupload.transport.jdk;

import dev.graphupload.core.UploadSource;
import dev.graphupload.core.transport.BodyProgress;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams {@code length} bytes of a file (or of another {@link UploadSource}) from {@code offset},
 * one bounded buffer per item of demand: the bytes are never held in memory, and they are read only
 * as fast as the client sends. Each subscription reads them anew: through the channel the uploader
 * holds open, when it gives one (positional reads; never closed here), else through a channel of
 * its own; a source through its ranged reads, on the client's thread that asks for the next item.
 *
 * <h2>Reused direct buffers, and why that is safe</h2>
 *
 * <p>With a {@link DirectBufferPool}, a subscription reads the file into at most three direct
 * buffers taken from the pool, in turn (item {@code n} in buffer {@code n % 3}), instead of a new
 * heap buffer per item: the file is read straight into memory the socket writes from, with no copy
 * in between and nothing for the garbage collector. Overwriting a buffer the client has not yet
 * written would send wrong bytes, so the transport gives a pool only where the following holds: its
 * own client, HTTP/1.1, plain {@code http://}. There, in the JDK's HTTP/1.1 exchange ({@code
 * jdk.internal.net.http.Http1Exchange} and {@code SocketTube}, JDK 11 to 25):
 *
 * <ol>
 *   <li>The body subscriber asks this publisher for item {@code n + 1} when it hands item {@code n}
 *       to the connection's writer ({@code Http1Exchange.getOutgoing} calls {@code
 *       requestMoreBody}), and only then; the first item is asked for once the headers are out.
 *   <li>The writer takes an item only after it has written every byte of the one before to the
 *       socket ({@code SocketTube.InternalWriteSubscriber} keeps one list {@code current}, clears
 *       it when {@code channel.write} has taken its last byte, and only then requests the next).
 *   <li>So when item {@code n} is asked for, item {@code n - 2} has been written in full, and item
 *       {@code n - 3}, whose buffer {@code n} reuses, long before. The buffer is handed over as is
 *       ({@code List.of(item)}), never copied or sliced, and the socket advances its position as it
 *       writes.
 * </ol>
 *
 * <p>That reasoning is about another project's internals, so it is also checked where it matters: a
 * buffer is refilled only if the client has consumed it ({@code position == limit}); one still
 * unread is left alone and the item goes out in a new heap buffer. The position only grows from 0
 * to the limit as the socket writes, so a stale read can only show less written than was. When the
 * exchange ends, the buffers the client consumed go back to the pool; any other is forgotten (left
 * to the garbage collector). Over TLS (the encrypting writer queues plaintext), HTTP/2 (frames
 * slice the buffer) and a caller's own client (either, unknown) the transport gives no pool and
 * every item is a new heap buffer. {@code JdkDirectBuffersTest} uploads through cuts, with many
 * uploads at once, to the emulator's disk and compares every SHA-256.
 */
final class FileRegionPublisher implements HttpRequest.BodyPublisher {

  private final Path path;
  private final FileChannel held;
  private final UploadSource source;
  private final long offset;
  private final long length;
  private final int bufferSize;
  private final BodyProgress progress;
  private final DirectBufferPool pool;
  private volatile Region current;

  FileRegionPublisher(
      Path path,
      Optional<FileChannel> held,
      long offset,
      long length,
      int bufferSize,
      BodyProgress progress,
      DirectBufferPool pool) {
    this(path, held.orElse(null), null, offset, length, bufferSize, progress, pool);
  }

  /** A publisher of a range of a source other than a file, read through its ranged reads. */
  FileRegionPublisher(
      UploadSource source,
      long offset,
      long length,
      int bufferSize,
      BodyProgress progress,
      DirectBufferPool pool) {
    this(null, null, source, offset, length, bufferSize, progress, pool);
  }

  private FileRegionPublisher(
      Path path,
      FileChannel held,
      UploadSource source,
      long offset,
      long length,
      int bufferSize,
      BodyProgress progress,
      DirectBufferPool pool) {
    this.path = path;
    this.held = held;
    this.source = source;
    this.offset = offset;
    this.length = length;
    this.bufferSize = bufferSize;
    this.progress = progress;
    this.pool = pool;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    Region region = new Region(subscriber);
    Region previous = current;
    current = region;
    if (previous != null) {
      previous.end(); // the client gave it up: its buffers go back once it wrote them
    }
    subscriber.onSubscribe(region);
  }

  /** Stops the subscription in progress, if any: no more bytes are read. */
  void cancel() {
    Region region = current;
    if (region != null) {
      region.cancel();
    }
  }

  /**
   * The exchange is over: stops reading, and gives the pooled buffers the client consumed back to
   * the pool.
   */
  void end() {
    Region region = current;
    if (region != null) {
      region.end();
    }
  }

  private final class Region implements Flow.Subscription {
    private final Flow.Subscriber<? super ByteBuffer> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger draining = new AtomicInteger();
    private volatile boolean done;
    private volatile boolean ended;
    private FileChannel channel;
    private long sent;
    private final ByteBuffer[] ring = pool == null ? null : new ByteBuffer[3];
    private int items;

    Region(Flow.Subscriber<? super ByteBuffer> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        fail(new IllegalArgumentException("demand must be positive: " + n));
        return;
      }
      demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      drain();
    }

    @Override
    public void cancel() {
      done = true;
      drain(); // closes the channel on the draining thread
    }

    void end() {
      ended = true;
      done = true;
      drain(); // gives the buffers back on the draining thread, never while one is being filled
    }

    private void drain() {
      if (draining.getAndIncrement() != 0) {
        return; // another thread is draining and will see the new state
      }
      do {
        try {
          pump();
        } catch (IOException | RuntimeException e) {
          fail(e);
        }
        if (ended) {
          release();
        }
      } while (draining.decrementAndGet() != 0);
    }

    private void pump() throws IOException {
      while (!done && demand.get() > 0 && sent < length) {
        if (channel == null && source == null) {
          channel = held != null ? held : FileChannel.open(path, StandardOpenOption.READ);
        }
        ByteBuffer buffer = buffer((int) Math.min(bufferSize, length - sent));
        while (buffer.hasRemaining()) {
          long at = offset + sent + buffer.position();
          if ((source != null ? source.read(buffer, at) : channel.read(buffer, at)) < 0) {
            throw new IOException(
                (source != null ? "The source" : "The file " + path)
                    + " ended before the region being sent; it changed during the upload");
          }
        }
        sent += buffer.flip().remaining();
        demand.decrementAndGet();
        subscriber.onNext(buffer);
        progress.bytesWritten(sent);
      }
      if (!done && sent == length) {
        done = true;
        closeChannel();
        subscriber.onComplete();
      } else if (done) {
        closeChannel();
      }
    }

    /** The buffer for the next item: a pooled one the client has consumed, else a new one. */
    private ByteBuffer buffer(int size) {
      if (ring == null) {
        return ByteBuffer.allocate(size);
      }
      int slot = items++ % ring.length;
      ByteBuffer buffer = ring[slot];
      if (buffer == null) {
        buffer = pool.take();
        if (buffer == null) {
          return ByteBuffer.allocate(size); // every pooled buffer is in use
        }
        ring[slot] = buffer;
      } else if (buffer.hasRemaining()) {
        pool.stillInUse();
        return ByteBuffer.allocate(size); // not written yet (see the class comment): leave it be
      }
      return buffer.clear().limit(size);
    }

    private void release() {
      if (ring == null) {
        return;
      }
      for (int i = 0; i < ring.length; i++) {
        ByteBuffer buffer = ring[i];
        if (buffer != null) {
          ring[i] = null;
          if (buffer.hasRemaining()) {
            pool.forget(buffer);
          } else {
            pool.give(buffer);
          }
        }
      }
    }

    private void fail(Throwable t) {
      if (!done) {
        done = true;
        closeChannel();
        subscriber.onError(t);
      }
    }

    private void closeChannel() {
      if (channel != null && channel != held) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // nothing was written through it
        }
        channel = null;
      }
    }
  }
}
