package dev.graphupload.cli;

import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code graph-upload status FILE}: the stored session of a file, and the server's offset. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Shows the stored session of a file and how far the server got.")
final class StatusCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "The file.")
  Path file;

  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    Path absolute = file.toAbsolutePath().normalize();
    List<SessionRecord> found = recordsOf(absolute);
    if (found.isEmpty()) {
      out.println("No stored session for " + absolute + ": the next upload starts a new one.");
      return ExitCode.DONE;
    }
    // the record knows where the file went: no need to name the endpoint and app again
    SessionRecord newest =
        found.stream().max(Comparator.comparing(SessionRecord::updatedAt)).orElseThrow();
    boolean embedded = connection.baseUrl == null && connection.token == null; // token: flag or env
    if (connection.baseUrl == null && !embedded) {
      connection.baseUrl = newest.endpoint().toString();
    }
    if (connection.appId == null && !embedded) {
      connection.appId = newest.appId().value();
    }
    boolean toTheEmbeddedEmulator =
        isLoopback(newest.endpoint()) && newest.endpoint().getPort() == EmbeddedEmulator.PORT;
    if (embedded && !toTheEmbeddedEmulator) {
      // uploaded elsewhere, and no token to ask there: the local emulator knows nothing of it
      print(out, absolute, newest);
      if (newest.state() instanceof RecordState.InProgress) {
        out.println(
            "server:    not asked: pass --token or set GRAPH_ACCESS_TOKEN to ask "
                + newest.endpoint());
      }
      return ExitCode.DONE;
    }
    try (Connection c = connection.connect(ChunkPolicy.wholeRemainder(), System.err)) {
      SessionRecord record = c.uploader.storedSession(file).orElse(newest);
      print(out, absolute, record);
      if (record.state() instanceof RecordState.Completed) {
        return ExitCode.DONE;
      }
      try {
        out.println(
            "server:    "
                + describe(
                    c.uploader.serverOffset(record.sessionId()).value(), record.fileLength()));
      } catch (GraphApiException e) {
        out.println(
            "server:    "
                + (e.error().isSessionGone()
                    ? "the session has expired; the next upload starts a new one"
                    : e.getMessage()));
      } catch (GraphUploadException e) {
        out.println("server:    could not ask (" + e.getMessage() + ")");
      }
      return ExitCode.DONE;
    }
  }

  private static boolean isLoopback(URI endpoint) {
    String host = endpoint.getHost();
    return host != null
        && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
  }

  private static void print(PrintStream out, Path absolute, SessionRecord record) {
    out.println("file:      " + absolute);
    out.println("endpoint:  " + record.endpoint() + " (app " + record.appId().value() + ")");
    out.println("session:   " + record.sessionId());
    out.println(
        "created:   "
            + record.createdAt()
            + ", updated "
            + record.updatedAt()
            + ", kept until "
            + record.expiresAt());
    if (record.state() instanceof RecordState.Completed done) {
      out.println("state:     completed at " + done.completedAt());
      out.println("handle:    " + done.handle());
      return;
    }
    FileOffset confirmed = ((RecordState.InProgress) record.state()).confirmed();
    out.println(
        "state:     in progress, "
            + describe(confirmed.value(), record.fileLength())
            + " confirmed when last recorded");
  }

  /** The store's records of this file, whatever endpoint and app they were uploaded to. */
  private List<SessionRecord> recordsOf(Path absolute) {
    if (connection.location().isMissingDirectory()) {
      return List.of(); // a status creates nothing
    }
    return connection.withStore(
        store ->
            store.list().stream().filter(r -> r.fingerprint().path().equals(absolute)).toList());
  }

  private static String describe(long offset, long length) {
    return Sizes.human(offset)
        + " of "
        + Sizes.human(length)
        + String.format(Locale.ROOT, " (%.0f%%)", 100.0 * offset / length);
  }
}
