package dev.graphupload.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output and error with every known token removed from what is written. Text is held until
 * a line ends or the stream is flushed, then scrubbed whole: a token written in pieces (or byte by
 * byte) is removed all the same. Each line is flushed as it ends, so a reader of a pipe (a script
 * waiting for the emulator's startup line) sees it at once.
 */
final class ScrubbingPrintStream extends PrintStream {

  private final PrintStream target;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  ScrubbingPrintStream(PrintStream target) {
    super(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    this.target = target;
  }

  @Override
  public synchronized void write(byte[] buf, int off, int len) {
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (buf[i] == '\n' || buf[i] == '\r') { // a progress bar redraws its line after a \r
        pending.write(buf, start, i + 1 - start);
        start = i + 1;
        drain();
      }
    }
    pending.write(buf, start, off + len - start);
  }

  @Override
  public synchronized void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void flush() {
    drain();
  }

  private void drain() {
    if (pending.size() > 0) {
      String text = pending.toString(StandardCharsets.UTF_8);
      pending.reset();
      byte[] clean = Secrets.scrub(text).getBytes(StandardCharsets.UTF_8);
      target.write(clean, 0, clean.length);
    }
    target.flush();
  }
}
