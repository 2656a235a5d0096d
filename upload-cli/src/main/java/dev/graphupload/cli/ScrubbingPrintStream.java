package dev.graphupload.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Standard output and error with every known token removed from what is written. */
final class ScrubbingPrintStream extends PrintStream {

  private final PrintStream target;

  ScrubbingPrintStream(PrintStream target) {
    super(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    this.target = target;
  }

  @Override
  public void write(byte[] buf, int off, int len) {
    String text = new String(buf, off, len, StandardCharsets.UTF_8);
    byte[] clean = Secrets.scrub(text).getBytes(StandardCharsets.UTF_8);
    target.write(clean, 0, clean.length);
  }

  @Override
  public void write(int b) {
    target.write(b);
  }

  @Override
  public void flush() {
    target.flush();
  }
}
