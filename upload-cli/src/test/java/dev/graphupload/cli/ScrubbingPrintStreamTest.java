package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScrubbingPrintStreamTest {

  private static final String TOKEN = "EAAG-SCRUB-TEST-TOKEN-42";

  private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
  // like System.out on a pipe: buffered, and flushed only when asked
  private final PrintStream target = new PrintStream(new BufferedOutputStream(sink, 8192), false);
  private final ScrubbingPrintStream out = new ScrubbingPrintStream(target);

  private String written() {
    return sink.toString(StandardCharsets.UTF_8);
  }

  @Test
  void removesATokenWrittenInPiecesOrByteByByte() {
    Secrets.remember(TOKEN);

    out.print("token=EAAG-SCRUB-");
    out.print("TEST-TOKEN-42 and ");
    for (byte b : TOKEN.getBytes(StandardCharsets.UTF_8)) {
      out.write(b);
    }
    out.println();

    assertThat(written()).doesNotContain(TOKEN).contains("token=[redacted] and [redacted]");
  }

  @Test
  void passesEachLineOnAsItEnds() {
    out.println("graph-upload emulator listening on http://127.0.0.1:1");

    assertThat(written()).isEqualTo("graph-upload emulator listening on http://127.0.0.1:1\n");
    out.print("no line end yet");
    assertThat(written()).doesNotContain("no line end");
    out.flush();
    assertThat(written()).endsWith("no line end yet");
  }
}
