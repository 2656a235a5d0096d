package dev.graphupload.emulator.internal;

/** The body bytes the emulator has taken since it started, for tests to wait on. Thread safe. */
public final class ReceivedBytes {

  private long total;

  /**
   * The body bytes taken so far.
   *
   * @return the count
   */
  public synchronized long total() {
    return total;
  }

  synchronized void add(long bytes) {
    total += bytes;
    notifyAll();
  }

  /**
   * Waits until at least {@code bytes} have been taken, or the time is up.
   *
   * @return whether they were
   */
  public synchronized boolean await(long bytes, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (total < bytes) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }
}
