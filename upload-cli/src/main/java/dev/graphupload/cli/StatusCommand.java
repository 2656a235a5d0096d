package dev.graphupload.cli;

import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
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
    try (ConnectionOptions.Connection c =
        connection.connect(ChunkPolicy.wholeRemainder(), System.err)) {
      Optional<SessionRecord> stored = c.uploader.storedSession(file);
      Path absolute = file.toAbsolutePath().normalize();
      if (stored.isEmpty()) {
        out.println("No stored session for " + absolute + ": the next upload starts a new one.");
        return ExitCode.DONE;
      }
      SessionRecord record = stored.get();
      out.println("file:      " + absolute);
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
        return ExitCode.DONE;
      }
      FileOffset confirmed = ((RecordState.InProgress) record.state()).confirmed();
      out.println(
          "state:     in progress, "
              + describe(confirmed.value(), record.fileLength())
              + " confirmed when last recorded");
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

  private static String describe(long offset, long length) {
    return Sizes.human(offset)
        + " of "
        + Sizes.human(length)
        + String.format(java.util.Locale.ROOT, " (%.0f%%)", 100.0 * offset / length);
  }
}
