package dev.graphupload.transport.jdk;

import dev.graphupload.core.transport.BodyProgress;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams {@code length} bytes of a file from {@code offset}, one bounded buffer per item of
 * demand: the file is never held in memory, and it is read only as fast as the client sends. Each
 * subscription reads the file anew: through the channel the uploader holds open, when it gives one
 * (positional reads; never closed here), else through a channel of its own.
 */
final class FileRegionPublisher implements HttpRequest.BodyPublisher {

  private final Path path;
  private final FileChannel held;
  private final long offset;
  private final long length;
  private final int bufferSize;
  private final BodyProgress progress;
  private volatile Region current;

  FileRegionPublisher(
      Path path,
      java.util.Optional<FileChannel> held,
      long offset,
      long length,
      int bufferSize,
      BodyProgress progress) {
    this.path = path;
    this.held = held.orElse(null);
    this.offset = offset;
    this.length = length;
    this.bufferSize = bufferSize;
    this.progress = progress;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    Region region = new Region(subscriber);
    current = region;
    subscriber.onSubscribe(region);
  }

  /** Stops the subscription in progress, if any: no more bytes are read. */
  void cancel() {
    Region region = current;
    if (region != null) {
      region.cancel();
    }
  }

  private final class Region implements Flow.Subscription {
    private final Flow.Subscriber<? super ByteBuffer> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger draining = new AtomicInteger();
    private volatile boolean done;
    private FileChannel channel;
    private long sent;

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
      } while (draining.decrementAndGet() != 0);
    }

    private void pump() throws IOException {
      while (!done && demand.get() > 0 && sent < length) {
        if (channel == null) {
          channel = held != null ? held : FileChannel.open(path, StandardOpenOption.READ);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(bufferSize, length - sent));
        while (buffer.hasRemaining()) {
          if (channel.read(buffer, offset + sent + buffer.position()) < 0) {
            throw new IOException(
                "The file "
                    + path
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
