package dev.graphupload.transport.jdk;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded set of direct buffers shared by the requests of one transport. A request takes up to
 * three while its body is sent and gives back, when the exchange ends, those the client has wholly
 * consumed; see {@link FileRegionPublisher} for why that is safe. When all are taken, a request
 * reads into heap buffers instead: never a wait, never a buffer shared by two requests.
 */
final class DirectBufferPool {

  private final int bufferSize;
  private final int capacity;
  private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger allocated = new AtomicInteger();
  private final LongAdder reused = new LongAdder();
  private final LongAdder stillInUse = new LongAdder();

  DirectBufferPool(int bufferSize, int capacity) {
    this.bufferSize = bufferSize;
    this.capacity = capacity;
  }

  /**
   * A buffer of the pool's size, cleared, or {@code null} when every buffer is in use.
   *
   * @return the buffer, or {@code null}
   */
  ByteBuffer take() {
    ByteBuffer buffer = free.poll();
    if (buffer != null) {
      reused.increment();
      return buffer.clear();
    }
    if (allocated.incrementAndGet() <= capacity) {
      return ByteBuffer.allocateDirect(bufferSize);
    }
    allocated.decrementAndGet();
    return null;
  }

  /** Gives back a buffer the client no longer reads. */
  void give(ByteBuffer buffer) {
    free.offer(buffer);
  }

  /**
   * Forgets a buffer the client may still read (an exchange that ended mid-body): it is left to the
   * garbage collector, and the pool may allocate another in its place.
   */
  void forget(ByteBuffer buffer) {
    allocated.decrementAndGet();
  }

  /** Buffers allocated and not forgotten, taken or free; for tests. */
  int allocated() {
    return allocated.get();
  }

  /**
   * Counts a buffer due for its next item that the client had not yet written in full: the item
   * went out in a heap buffer instead. Never happens on the JDK's HTTP/1.1 path as read (see {@link
   * FileRegionPublisher}); a test holds it at zero.
   */
  void stillInUse() {
    stillInUse.increment();
  }

  /** How many times {@link #stillInUse()} was counted; for tests. */
  long stillInUseCount() {
    return stillInUse.sum();
  }

  /** How many times a buffer given back was taken again; for tests. */
  long reused() {
    return reused.sum();
  }

  /** Buffers free to take; for tests. */
  int free() {
    return free.size();
  }
}
