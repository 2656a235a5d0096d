package dev.graphupload.cli;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.RestartReason;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.UploadSubject;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how uploads are going, on standard error: a progress bar per file on a terminal (bytes,
 * percent, rate, ETA), a plain line every few seconds otherwise, nothing with {@code --quiet}.
 */
final class ProgressReporter {

  enum Mode {
    TERMINAL,
    LINES,
    QUIET
  }

  private static final long LINE_INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();

  /** The longest note beside a bar: longer ones are cut, so that a bar's line never wraps. */
  private static final int NOTE_WIDTH = 32;

  private final Mode mode;
  private final AtomicInteger retries = new AtomicInteger();
  private final PrintStream err;

  private boolean singleLine;

  /**
   * Draws one bar on one line, redrawn in place: for a single file. Several files need the
   * multi-line drawing, which moves the cursor between bars.
   */
  ProgressReporter singleLine() {
    this.singleLine = true;
    return this;
  }

  ProgressReporter(Mode mode, PrintStream err) {
    this.mode = mode;
    this.err = err;
    if (mode == Mode.TERMINAL) {
      openTheBarsTerminalNow();
    }
  }

  /**
   * The bar's terminal library takes SIGINT over when it opens the terminal (lazily, at the first
   * redraw), and its handler neither runs the shutdown hooks nor ends with 130: Ctrl-C then left no
   * result line and exit code 0. So the terminal is opened here, on this thread, and the command's
   * own handling of the signals put back on top.
   */
  private static void openTheBarsTerminalNow() {
    try {
      Method width =
          Class.forName("me.tongfei.progressbar.TerminalUtils")
              .getDeclaredMethod("getTerminalWidth");
      width.setAccessible(true);
      width.invoke(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another version of the library: its terminal opens later; the signals are put back anyway
    }
    Signals.watch();
  }

  static Mode modeFor(boolean quiet, boolean json) {
    if (quiet) {
      return Mode.QUIET;
    }
    return stderrIsATerminal() && !json ? Mode.TERMINAL : Mode.LINES;
  }

  /**
   * Whether standard error (where the bars go) is a terminal, whatever standard output is: {@code
   * graph-upload upload f.mp4 > handle.txt} still draws its bar. The JDK only tells whether the
   * process has a console (stdin and stdout both terminals); on Linux the descriptor itself tells.
   */
  static boolean stderrIsATerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null; // no /proc: the JDK's answer
    }
  }

  private final Queue<ProgressBar> bars = new ConcurrentLinkedQueue<>();

  /**
   * Stops every bar's redrawing and ends its line, so that what is printed next (the interrupt
   * message) stands on a line of its own and no later redraw lands on it.
   */
  void stopDrawing() {
    for (ProgressBar b; (b = bars.poll()) != null; ) {
      b.close();
    }
  }

  /** Retries and resyncs so far, over every file. */
  int retries() {
    return retries.get();
  }

  UploadListener listenerFor(String label) {
    if (mode == Mode.QUIET) {
      return new UploadListener() {
        @Override
        public void bytesConfirmed(FileOffset offset, long length) {
          confirmed.put(label, new long[] {offset.value(), length});
        }

        @Override
        public void bytesSent(long position, long length) {
          sent.put(label, new long[] {position, length});
        }
      };
    }
    return new FileProgress(label);
  }

  /**
   * How far a file got, for the message about an upload that stopped: what the server confirmed,
   * else what was sent (which the server may have kept only in part).
   *
   * @param label the file's label, as given to {@link #listenerFor}
   * @return such as "4.0 MiB of 11.4 MiB (35%) is on the server"
   */
  String howFar(String label) {
    long[] c = confirmed.get(label);
    if (c != null && c[0] > 0) {
      return share(c) + " is on the server";
    }
    long[] s = sent.get(label);
    if (s != null && s[0] > 0) {
      return share(s) + " was sent (the next run asks the server how much it kept)";
    }
    return "nothing was sent yet";
  }

  private static String share(long[] positionAndLength) {
    return Sizes.human(positionAndLength[0])
        + " of "
        + Sizes.human(positionAndLength[1])
        + String.format(
            Locale.ROOT, " (%.0f%%)", 100.0 * positionAndLength[0] / positionAndLength[1]);
  }

  private final Map<String, long[]> sent = new ConcurrentHashMap<>();
  private final Map<String, long[]> confirmed = new ConcurrentHashMap<>();

  private final class FileProgress implements UploadListener {
    private final String label;
    private volatile ProgressBar bar;
    private volatile long length;
    private volatile long lastLineNanos;
    private volatile long startedNanos;
    private final Rate rate = new Rate();
    private volatile String note = "";

    FileProgress(String label) {
      this.label = label;
    }

    /** A line of news: beside the bar (cut short, so the bar keeps to one line), else a line. */
    private void note(String text) {
      if (bar != null) {
        note = text.length() <= NOTE_WIDTH ? text : text.substring(0, NOTE_WIDTH - 1) + "…";
        showRate(System.nanoTime());
      } else {
        err.println(label + ": " + text);
      }
    }

    private String rateText(long position, long nowNanos) {
      OptionalLong perSecond = rate.bytesPerSecond(position, nowNanos);
      return perSecond.isPresent() ? Sizes.human(perSecond.getAsLong()) + "/s" : "? B/s";
    }

    private void showRate(long nowNanos) {
      ProgressBar b = bar;
      if (b != null) {
        String text = " " + rateText(b.getCurrent(), nowNanos);
        b.setExtraMessage(note.isEmpty() ? text : text + "  " + note);
      }
    }

    @Override
    public void started(UploadSubject upload) {
      length = upload.length();
      startedNanos = System.nanoTime();
    }

    /** The bar starts where this run starts, so its rate and ETA count this run's bytes only. */
    private void startBar(long from) {
      if (mode == Mode.TERMINAL && bar == null) {
        bar =
            new ProgressBarBuilder()
                .setTaskName(
                    // a bar's line must not wrap: a long path keeps its end
                    label.length() <= 32 ? label : "…" + label.substring(label.length() - 31))
                .setInitialMax(length)
                // a file under 1 MiB in KiB, so its bar does not read 0/0
                .setUnit(
                    length < (1 << 20) ? " KiB" : " MiB", length < (1 << 20) ? 1 << 10 : 1 << 20)
                .setStyle(ProgressBarStyle.ASCII)
                // the rate is the command's own (see Rate); the clock runs from the upload's start,
                // as the "done (… in N s)" line counts
                .startsFrom(from, Duration.ofNanos(System.nanoTime() - startedNanos))
                .setUpdateIntervalMillis(200)
                .setConsumer(
                    singleLine
                        ? new me.tongfei.progressbar.ConsoleProgressBarConsumer(err)
                        : new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(err))
                .build();
        bars.add(bar);
      }
    }

    @Override
    public void sessionCreated(SessionId sessionId) {
      startBar(0);
    }

    @Override
    public void resumed(SessionId sessionId, FileOffset from) {
      startBar(from.value());
      note(
          "resuming at "
              + Sizes.human(from.value())
              + " of "
              + Sizes.human(length)
              + percent(from.value()));
    }

    @Override
    public void sessionRestarted(RestartReason reason, String message) {
      note(message);
    }

    @Override
    public void handleUnverified(FileHandle handle, String why) {
      note("the server would not confirm it holds every byte (" + why + "); handle accepted");
    }

    @Override
    public void bytesSent(long position, long total) {
      sent.put(label, new long[] {position, total});
      startBar(0);
      long now = System.nanoTime();
      rate.at(position, now);
      if (bar != null) {
        bar.stepTo(position);
        showRate(now);
        return;
      }
      if (now - lastLineNanos >= LINE_INTERVAL_NANOS) {
        lastLineNanos = now;
        err.println(
            label
                + ": "
                + Sizes.human(position)
                + " of "
                + Sizes.human(total)
                + percent(position)
                + ", "
                + rateText(position, now));
      }
    }

    @Override
    public void bytesConfirmed(FileOffset offset, long total) {
      confirmed.put(label, new long[] {offset.value(), total});
    }

    @Override
    public void retrying(GraphUploadException failure, Duration delay, int attempt) {
      retries.incrementAndGet();
      note(
          delay.isZero()
              ? "asking the server where it stands (" + failure.getMessage() + ")"
              : "retrying in " + Sizes.duration(delay) + " (" + failure.getMessage() + ")");
    }

    @Override
    public void completed(UploadResult result) {
      if (bar != null && bars.remove(bar)) { // once: an interrupt may have closed it
        bar.stepTo(result.fileLength());
        bar.close();
      }
    }

    @Override
    public void failed(GraphUploadException failure) {
      if (bar != null && bars.remove(bar)) {
        bar.close();
      }
    }

    private String percent(long position) {
      return length == 0 ? "" : String.format(Locale.ROOT, " (%.0f%%)", 100.0 * position / length);
    }
  }
}
